package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import io.recoverly.support.InProcessSmtpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * E-mail really sent over SMTP (issue 21): the validation notice of a debtor who can only be e-mailed reaches the
 * in-process SMTP server with the template's words, the debt-collector disclosure, the unsubscribe link and the
 * List-Unsubscribe header, and a Message-ID made of the outbox's idempotency key.
 */
class SmtpEmailTest extends ApiTestSupport {

  static final InProcessSmtpServer SMTP;

  static {
    try {
      SMTP = new InProcessSmtpServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void smtp(DynamicPropertyRegistry registry) {
    registry.add("recoverly.providers.email.kind", () -> "smtp");
    registry.add("recoverly.providers.email.from", () -> "notices@recoverly.example");
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", SMTP::port);
    registry.add("recoverly.outbox.relay.enabled", () -> "true");
    registry.add("recoverly.outbox.relay.interval", () -> "PT0.2S");
  }

  @Test
  void aDebtorWhoCanOnlyBeEmailedGetsTheValidationNoticeOverSmtp() {
    String ref = Api.unique("SMTP") + "-1";
    String email = ref.toLowerCase() + "@example.com";
    String csv = "accountRef,debtorName,email,timezone,jurisdiction,product,principal,balance,currency,dpd,creditor\n"
        + ref + ",Jane Roe," + email + ",America/Chicago,US,FLOW,1000.00,640.00,USD,20,Northwind Bank\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);

    await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(SMTP.received())
        .anySatisfy(m -> assertThat(m.to()).contains("<" + email + ">")));
    InProcessSmtpServer.Received notice = SMTP.received().stream().filter(m -> m.to().contains("<" + email + ">"))
        .findFirst().orElseThrow();
    assertThat(notice.from()).isEqualTo("<notices@recoverly.example>");
    String data = unfolded(notice.data());
    assertThat(data).contains("Subject: Information about your Northwind Bank account " + ref)
        .contains("This is a communication from a debt collector.")
        .contains("owe to Northwind Bank").contains("$640.00")
        .contains("unsubscribe").containsPattern("List-Unsubscribe: <http://localhost:8080/api/unsubscribe\\?case=[0-9a-f-]{36}&token=[A-Za-z0-9_-]{22}>")
        .containsPattern("Message-ID: <recoverly-outbound-[0-9]+@recoverly>");
  }

  /** The message as text: quoted-printable soft breaks and folded headers joined. */
  private static String unfolded(String data) {
    return data.replace("=\r\n", "").replace("\r\n ", " ").replace("=3D", "=").replace("=E2=80=99", "’");
  }
}
