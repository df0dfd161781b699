package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import io.recoverly.support.InProcessSmtpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real communications (issue 21), with e-mail over SMTP to an in-process server, letters dropped as PDF documents in a
 * folder (the letter house's), and the e-mail service's signed events:
 * <ul>
 *   <li>the validation notice of a debtor who can only be e-mailed reaches the SMTP server with the template's words,
 *       the debt-collector disclosure, the unsubscribe link and header, its PDF attached;
 *   <li>the validation notice by letter is a PDF whose text holds Model Form B-1's itemization and the period's end
 *       over business days, kept with the case, each opening audited;
 *   <li>a hard bounce marks the address unusable and the next reminder takes another channel;
 *   <li>stops per medium and address, and a workplace e-mail address the debtor did not give.
 * </ul>
 */
class CommunicationsTest extends ApiTestSupport {

  static final java.nio.file.Path LETTERS;
  static final String WEBHOOK_SECRET = "email-events-secret";

  static {
    try {
      LETTERS = java.nio.file.Files.createTempDirectory("recoverly-letters");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final InProcessSmtpServer SMTP;
  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

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
    registry.add("recoverly.providers.email.webhook-secret", () -> WEBHOOK_SECRET);
    registry.add("recoverly.providers.letter.kind", () -> "folder");
    registry.add("recoverly.providers.letter.folder", LETTERS::toString);
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

  @Test
  void theValidationNoticeByLetterIsAPdfWithTheItemizationAndThePeriodsEnd() throws Exception {
    String creditor = "Lakeside Card " + Api.unique("CR");
    // a first account of the creditor's, in the night (nothing goes out), so that compliance can choose for it
    api.advanceToLocalTime(java.time.LocalTime.of(22, 30), CHICAGO);
    api.body(api.post("/api/portfolios/import", "accountRef,debtorName,timezone,jurisdiction,product,principal,"
        + "balance,currency,dpd,creditor\n" + Api.unique("LETTER") + "-0,First Account,America/Chicago,US,FLOW,10.00,"
        + "10.00,USD,20," + creditor + "\n", MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    // compliance chooses the creditor's itemization date: the charge-off date
    JsonNode profile = api.body(api.put("/api/compliance/creditors/" + creditor.replace(" ", "%20"),
        "{\"itemizationBasis\":\"CHARGE_OFF\"}"), HttpStatus.OK);
    assertThat(profile.path("itemizationBasis").asText()).isEqualTo("CHARGE_OFF");
    assertThat(api.as("agent").put("/api/compliance/creditors/x", "{\"itemizationBasis\":\"CHARGE_OFF\"}")
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.put("/api/compliance/creditors/" + creditor.replace(" ", "%20"),
        "{\"itemizationBasis\":\"BIRTHDAY\"}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.put("/api/compliance/creditors/Nobody%20Inc", "{\"itemizationBasis\":\"CHARGE_OFF\"}")
        .getStatusCode()).as("a creditor no account names").isEqualTo(HttpStatus.NOT_FOUND);

    api.advanceToLocalTime(java.time.LocalTime.of(11, 0), CHICAGO);
    String ref = Api.unique("LETTER") + "-1";
    LocalDate chargeOff = LocalDate.ofInstant(api.engineNow(), CHICAGO).minusDays(90);
    String csv = "accountRef,debtorName,address,timezone,jurisdiction,product,principal,balance,currency,dpd,creditor,"
        + "itemizationDate,itemizationAmount,interestSinceItemization,feesSinceItemization\n"
        + ref + ",Ana <b>Ruiz</b>,\"12 Elm St, Springfield, IL 62704\",America/Chicago,US,FLOW,1000.00,640.00,USD,"
        + "20," + creditor + "," + chargeOff + ",600.00,30.00,25.00\n";
    JsonNode imported = api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")),
        HttpStatus.OK);
    assertThat(imported.path("imported").asInt()).as(imported.toString()).isEqualTo(1);
    UUID caseId = UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());

    // the letter house's folder: the PDF, then its manifest
    java.nio.file.Path[] manifest = new java.nio.file.Path[1];
    await().atMost(Duration.ofSeconds(40)).until(() -> {
      try (var files = java.nio.file.Files.list(LETTERS)) {
        for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
          if (java.nio.file.Files.readString(f).contains(caseId.toString())) {
            manifest[0] = f;
            return true;
          }
        }
      }
      return false;
    });
    JsonNode meta = json.readTree(java.nio.file.Files.readString(manifest[0]));
    assertThat(meta.path("template").asText()).isEqualTo("validation-notice");
    assertThat(meta.path("envelope").asText()).as("nothing on the envelope but the collector's address")
        .doesNotContain(creditor).doesNotContainIgnoringCase("debt");
    byte[] pdf = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(manifest[0].toString()
        .replace(".json", ".pdf")));
    String text = text(pdf).replaceAll("\\s+", " ");

    // Model Form B-1: the itemization as of the charge-off date, adding up to the balance
    String on = chargeOff.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(Locale.US));
    assertThat(text).contains("As of " + on + ", you owed: $600.00")
        .contains("You were charged this amount in interest: + $30.00")
        .contains("You were charged this amount in fees: + $25.00")
        .contains("You paid or were credited this amount toward the debt: – $15.00")
        .contains("Total amount of the debt now: $640.00");
    // the period's end: 30 days after receipt, assumed 5 business days (weekends, federal holidays) after sending
    String sentAt = jdbc.sql("select to_char(sent_at at time zone 'America/Chicago', 'YYYY-MM-DD') from"
        + " validation_notice where case_id = :id").param("id", caseId).query(String.class).single();
    LocalDate ends = io.recoverly.compliance.ValidationPeriod.end(LocalDate.parse(sentAt), 30);
    assertThat(jdbc.sql("select period_ends from validation_notice where case_id = :id").param("id", caseId)
        .query(java.sql.Date.class).single().toLocalDate()).isEqualTo(ends);
    assertThat(text).contains("by " + ends.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
        .withLocale(Locale.US)) + " to dispute");
    assertThat(text).contains("This is a communication from a debt collector.").contains("owe to " + creditor)
        .contains("name and address of the original creditor").contains("I want to dispute the debt because")
        .contains("Póngase en contacto con nosotros para solicitar una copia de este formulario en español")
        .contains("Ana <b>Ruiz</b>").contains("12 Elm St");
    assertThat(jdbc.sql("select itemization ->> 'basis' from validation_notice where case_id = :id")
        .param("id", caseId).query(String.class).single()).isEqualTo("CHARGE_OFF");

    // kept with the case: listed, opened as application/pdf (the same bytes the house got), each opening audited
    JsonNode docs = api.get("/api/cases/" + caseId + "/documents");
    assertThat(docs).hasSize(1);
    assertThat(docs.get(0).path("kind").asText()).isEqualTo("validation-notice");
    assertThat(docs.get(0).path("channel").asText()).isEqualTo("LETTER");
    assertThat(docs.get(0).has("createdAt")).isTrue();
    String docUrl = "/api/cases/" + caseId + "/documents/" + docs.get(0).path("id").asText();
    ResponseEntity<byte[]> opened = api.as("agent").http().getForEntity(docUrl, byte[].class);
    assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(opened.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
    assertThat(opened.getBody()).isEqualTo(pdf);
    assertThat(api.get("/api/cases/" + caseId + "/audit").toString()).contains("DOCUMENT_OPENED");
    assertThat(api.as("manager").http().getForEntity(docUrl, String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.http().getForEntity("/api/cases/" + caseId + "/documents/" + UUID.randomUUID(), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.http().getForEntity("/api/cases/" + UUID.randomUUID() + "/documents", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aHardBounceMarksTheAddressUnusableAndTheNextReminderTakesAnotherChannel() throws Exception {
    // India: no validation notice; a landline (no SMS), an e-mail and a postal address: the first reminder is an e-mail,
    // sent in the day's contact hours there
    api.advanceToLocalTime(java.time.LocalTime.of(10, 0), ZoneId.of("Asia/Kolkata"));
    String ref = Api.unique("BOUNCE") + "-1";
    String email = ref.toLowerCase() + "@example.com";
    String csv = "accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,principal,balance,currency,"
        + "dpd\n" + ref + ",Meera Iyer,+913322290000," + email + ",\"4 MG Road, Bengaluru 560001\",Asia/Kolkata,IN,"
        + "FLOW,90000.00,45000.00,INR,20\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    UUID caseId = UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());
    await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(SMTP.received())
        .anySatisfy(m -> assertThat(m.to()).contains("<" + email + ">")));
    String messageId = java.util.regex.Pattern.compile("Message-ID: (<recoverly-outbound-[0-9]+@recoverly>)")
        .matcher(SMTP.received().stream().filter(m -> m.to().contains("<" + email + ">")).findFirst().orElseThrow()
            .data()).results().findFirst().orElseThrow().group(1);

    String bounce = "[{\"messageId\":\"" + messageId + "\",\"event\":\"bounced\",\"bounceType\":\"hard\","
        + "\"detail\":\"550 5.1.1 user unknown\"}]";
    // unsigned, wrongly signed, replayed later, or not JSON: refused, nothing changes
    assertThat(events(bounce, null, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    long now = java.time.Instant.now().getEpochSecond();
    assertThat(events(bounce, now, "sha256=00").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(events(bounce, now - 3600, "sha256=" + EmailEvents.sign(WEBHOOK_SECRET, String.valueOf(now - 3600),
        bounce.getBytes(StandardCharsets.UTF_8))).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> notArray = events("{\"x\":1}", now, "sha256=" + EmailEvents.sign(WEBHOOK_SECRET, String.valueOf(now),
        "{\"x\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThat(notArray.getStatusCode()).as(notArray.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    // a bounce without its kind, an unknown kind, a second JSON value after the array, a key twice: refused whole
    for (String bad : List.of("[{\"messageId\":\"" + messageId + "\",\"event\":\"bounced\"}]",
        "[{\"messageId\":\"" + messageId + "\",\"event\":\"bounced\",\"bounceType\":\"SOFTISH\"}]",
        "[] " + bounce, "[{\"messageId\":\"x\",\"messageId\":\"" + messageId + "\",\"event\":\"delivered\"}]",
        "[{\"messageId\":1e309,\"event\":\"delivered\"}]", "[{\"messageId\":\"" + messageId
            + "\",\"event\":\"opened\"}]")) {
      assertThat(events(bad, now, "sha256=" + EmailEvents.sign(WEBHOOK_SECRET, String.valueOf(now),
          bad.getBytes(StandardCharsets.UTF_8))).getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    // another system's Message-ID that merely contains ours is not ours
    String forged = "[{\"messageId\":\"x " + messageId.substring(1, messageId.length() - 1) + "-forged@elsewhere\","
        + "\"event\":\"bounced\",\"bounceType\":\"hard\"}]";
    assertThat(json.readTree(events(forged, now, "sha256=" + EmailEvents.sign(WEBHOOK_SECRET, String.valueOf(now),
        forged.getBytes(StandardCharsets.UTF_8))).getBody()).path("applied").asInt()).isZero();
    assertThat(api.get("/api/cases/" + caseId + "/contact-check?channel=EMAIL").path("rule").asText())
        .isNotEqualTo("EMAIL_UNUSABLE");
    // the debtor answers the e-mail: a task for the agents with the reply's text, once however often it comes
    String reply = "[{\"messageId\":\"" + messageId + "\",\"event\":\"replied\",\"replyId\":\"<r1@mail.example>\","
        + "\"text\":\"I lost my job, can we talk?\"}]";
    for (int i = 0; i < 2; i++) {
      assertThat(events(reply, now, "sha256=" + EmailEvents.sign(WEBHOOK_SECRET, String.valueOf(now),
          reply.getBytes(StandardCharsets.UTF_8))).getStatusCode()).isEqualTo(HttpStatus.OK);
    }
    JsonNode answer = api.awaitOpenTask(caseId, "answer-debtor-reply");
    assertThat(api.get("/api/tasks/" + answer.path("id").asText()).toString()).contains("I lost my job");
    assertThat(api.eventTypes(caseId)).contains("EMAIL_REPLY_RECEIVED");
    // a soft bounce first (a deferral): the address stays
    String soft = bounce.replace("hard", "soft");
    assertThat(events(soft, now, "sha256=" + EmailEvents.sign(WEBHOOK_SECRET, String.valueOf(now),
        soft.getBytes(StandardCharsets.UTF_8))).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(api.get("/api/cases/" + caseId + "/contact-check?channel=EMAIL").path("rule").asText())
        .isNotEqualTo("EMAIL_UNUSABLE");
    // then the service's signed hard bounce: the attempt says BOUNCED, the address is not written to again
    ResponseEntity<String> applied = events(bounce, now, "sha256=" + EmailEvents.sign(WEBHOOK_SECRET, String.valueOf(now),
        bounce.getBytes(StandardCharsets.UTF_8)));
    assertThat(applied.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json.readTree(applied.getBody()).path("applied").asInt()).isEqualTo(1);
    assertThat(jdbc.sql("select delivery_status from contact_attempt where case_id = :c and channel = 'EMAIL'")
        .param("c", caseId).query(String.class).list()).contains("BOUNCED");
    assertThat(api.eventTypes(caseId)).contains("MESSAGE_BOUNCED");
    assertThat(api.get("/api/cases/" + caseId + "/contact-check?channel=EMAIL").path("rule").asText())
        .isEqualTo("EMAIL_UNUSABLE");

    // the cycle's call reaches voicemail: the agent is shown the only text to leave, and the call's record says it was
    // that text (12 CFR 1006.2(j))
    api.advanceClock("P6D");
    JsonNode call = api.awaitOpenTask(caseId, "call-debtor");
    JsonNode voicemail = api.as("agent").get("/api/cases/" + caseId + "/voicemail");
    assertThat(voicemail.path("text").asText()).contains("Meera Iyer").contains("call us back")
        .doesNotContainIgnoringCase("debt").doesNotContain("45,000");
    assertThat(api.as("manager").http().getForEntity("/api/cases/" + caseId + "/voicemail", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    api.body(api.completeTask(call.path("id").asText(), "agent", java.util.Map.of("callOutcome", "LEFT_VOICEMAIL",
        "callNotes", "voicemail reached")), HttpStatus.OK);
    assertThat(jdbc.sql("select notes from contact_attempt where case_id = :c and channel = 'CALL'")
        .param("c", caseId).query(String.class).single()).startsWith("Left the approved voicemail (voicemail v1, en):")
        .contains(voicemail.path("text").asText()).endsWith("voicemail reached");
    api.advanceClock("P6D");
    await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("select count(*) from outbound_message"
        + " where case_id = :c and template = 'payment-reminder' and channel = 'LETTER' and status = 'SENT'")
        .param("c", caseId).query(Long.class).single() > 0);
    assertThat(jdbc.sql("select count(*) from outbound_message where case_id = :c and channel = 'EMAIL'")
        .param("c", caseId).query(Long.class).single()).isEqualTo(1);
    JsonNode docs = api.get("/api/cases/" + caseId + "/documents");
    assertThat(docs.findValuesAsText("kind")).contains("payment-reminder");
    byte[] letter = api.http().getForEntity("/api/cases/" + caseId + "/documents/" + docs.get(0).path("id").asText(),
        byte[].class).getBody();
    assertThat(text(letter)).contains("Meera Iyer").contains("₹45,000.00");
  }

  @Test
  void stopsPerMediumAndAddressAndAWorkplaceAddressTheDebtorDidNotGive() {
    String ref = Api.unique("STOPS") + "-1";
    String csv = "accountRef,debtorName,phone,email,emailType,address,timezone,jurisdiction,product,principal,"
        + "balance,currency,dpd\n" + ref + ",Arjun Rao,+919876500001," + ref.toLowerCase() + "@employer.example,WORK,"
        + "\"7 Park St, Kolkata 700016\",Asia/Kolkata,IN,FLOW,50000.00,20000.00,INR,20\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    UUID caseId = UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());
    String cases = "/api/cases/" + caseId;

    // a workplace e-mail address the debtor did not give us is not written to (12 CFR 1006.22(f)(3))
    assertThat(api.get(cases + "/contact-check?channel=EMAIL").path("rule").asText()).isEqualTo("EMAIL_UNUSABLE");
    api.body(api.put(cases + "/email-permission", "{\"givenByDebtor\":true,\"source\":\"on the phone, 4 Dec\"}"),
        HttpStatus.OK);
    assertThat(api.get(cases + "/contact-check?channel=EMAIL").path("rule").asText()).isNotEqualTo("EMAIL_UNUSABLE");

    // "stop calling this number": the number on file, masked when shown
    JsonNode stop = api.body(api.post(cases + "/contact-stops", "{\"medium\":\"CALL\",\"note\":\"asked on the"
        + " phone\"}", MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    assertThat(stop.path("address").asText()).isEqualTo("+9*******0001").doesNotContain("98765");
    assertThat(stop.path("appliesNow").asBoolean()).isTrue();
    assertThat(api.post(cases + "/contact-stops", "{\"medium\":\"call\"}", MediaType.APPLICATION_JSON)
        .getStatusCode()).as("the same stop again").isEqualTo(HttpStatus.OK);
    assertThat(api.get(cases + "/contact-check?channel=CALL").path("rule").asText()).isEqualTo("ADDRESS_STOPPED");
    // "no visits at work"; "don't e-mail this address"
    api.body(api.post(cases + "/contact-stops", "{\"medium\":\"VISIT\",\"address\":\"work\"}",
        MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    JsonNode emailStop = api.body(api.post(cases + "/contact-stops", "{\"medium\":\"EMAIL\",\"address\":\""
        + ref.toUpperCase() + "@EMPLOYER.EXAMPLE\"}", MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    assertThat(api.get(cases + "/contact-check?channel=EMAIL").path("rule").asText()).isEqualTo("ADDRESS_STOPPED");
    assertThat(api.get(cases + "/contact-check?channel=VISIT").path("rule").asText()).isNotEqualTo("ADDRESS_STOPPED");
    assertThat(api.get(cases + "/contact-stops")).hasSize(3);

    // refused, writing nothing: another medium, an address not on file, control characters, another role
    for (String bad : List.of("{\"medium\":\"LETTER\"}", "{\"medium\":\"EMAIL\",\"address\":\"x@y.example\"}",
        "{\"medium\":\"CALL\",\"note\":\"a\\u0000b\"}", "{\"medium\":null}", "[null]")) {
      assertThat(api.post(cases + "/contact-stops", bad, MediaType.APPLICATION_JSON).getStatusCode()).as(bad)
          .isEqualTo(HttpStatus.BAD_REQUEST);
    }
    assertThat(api.as("manager").post(cases + "/contact-stops", "{\"medium\":\"SMS\"}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.get(cases + "/contact-stops")).hasSize(3);

    // a new number from the creditor is not stopped by the old one's stop
    String update = "accountRef,phone\n" + ref + ",+919876500002\n";
    JsonNode updated = api.body(api.post("/api/portfolios/import?type=UPDATE", update,
        MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    assertThat(updated.path("updated").asInt()).as(updated.toString()).isEqualTo(1);
    assertThat(api.get(cases + "/contact-check?channel=CALL").path("rule").asText()).isNotEqualTo("ADDRESS_STOPPED");
    assertThat(api.get(cases + "/contact-stops").findValuesAsText("appliesNow")).contains("false");
    // a stop for the new number is its own, answered as itself (the old one masks the same way)
    JsonNode second = api.body(api.post(cases + "/contact-stops", "{\"medium\":\"CALL\",\"note\":\"the new one"
        + " too, call +14155550199 never\"}", MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    assertThat(second.path("id").asLong()).isNotEqualTo(stop.path("id").asLong());
    assertThat(second.path("appliesNow").asBoolean()).isTrue();
    assertThat(second.path("note").asText()).startsWith("the new one too").doesNotContain("4155550199");
    assertThat(api.as("manager").http().getForEntity(cases + "/contact-stops", String.class).getStatusCode())
        .as("a debtor's numbers are for the people who work cases").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.put(cases + "/email-permission", "{\"givenByDebtor\":\"true\",\"source\":\"x\"}")
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    // the debtor may be e-mailed again: the stop is lifted (kept, with who lifted it)
    String lift = cases + "/contact-stops/" + emailStop.path("id").asText();
    assertThat(api.http().exchange(lift, org.springframework.http.HttpMethod.DELETE, null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(api.http().exchange(lift, org.springframework.http.HttpMethod.DELETE, null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.get(cases + "/contact-check?channel=EMAIL").path("rule").asText()).isNotEqualTo("ADDRESS_STOPPED");
    assertThat(api.eventTypes(caseId)).contains("CONTACT_STOP_RECORDED", "CONTACT_STOP_LIFTED");
  }

  private ResponseEntity<String> events(String body, Long timestamp, String signature) {
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (timestamp != null) {
      headers.set("X-Recoverly-Timestamp", String.valueOf(timestamp));
    }
    if (signature != null) {
      headers.set("X-Recoverly-Signature", signature);
    }
    // the e-mail service calls without signing in
    return new org.springframework.web.client.RestTemplate(new org.springframework.http.client
        .SimpleClientHttpRequestFactory()) {
      {
        setErrorHandler(response -> false);
      }
    }.postForEntity(api.http().getRootUri() + "/api/providers/email/events",
        new org.springframework.http.HttpEntity<>(body, headers), String.class);
  }

  private static String text(byte[] pdf) throws IOException {
    try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      return new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
    }
  }

  /** The message as text: quoted-printable soft breaks and folded headers joined. */
  private static String unfolded(String data) {
    return data.replace("=\r\n", "").replace("\r\n ", " ").replace("=3D", "=").replace("=E2=80=99", "’");
  }
}
