package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Message templates (issue 21): the required parts, versions, and the words the debtor receives in their locale. */
class TemplateApiTest extends ApiTestSupport {

  private ResponseEntity<String> put(String user, String path, Map<String, Object> body) {
    return api.as(user).http().exchange("/api/compliance/templates/" + path, HttpMethod.PUT, new HttpEntity<>(body),
        String.class);
  }

  @Test
  void everySeededTemplateKeepsTheRulesItIsHeldTo() {
    // compliance can save any current version unchanged: the seeds break none of the rules a save checks
    for (JsonNode t : api.get("/api/compliance/templates")) {
      assertThat(TemplateRules.problems(t.path("key").asText(), t.path("channel").asText(),
          t.path("jurisdiction").asText(), t.path("language").asText(),
          t.path("subject").isNull() ? null : t.path("subject").asText(), t.path("body").asText()))
          .as(t.path("key").asText() + " " + t.path("channel").asText() + " " + t.path("jurisdiction").asText() + " "
              + t.path("language").asText()).isEmpty();
    }
    assertThat(api.get("/api/compliance/templates").findValuesAsText("key")).contains("validation-notice",
        "payment-reminder", "voicemail");
  }

  @Test
  void aTemplateMissingARequiredPartIsRefusedAndAGoodOneIsANewAuditedVersion() {
    String key = "courtesy-" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9]", "x");
    ResponseEntity<String> missing = put("compliance", key + "/SMS/US/en",
        Map.of("body", "{debtorName}, your {creditor} account is past due. {optOut}", "changeNote", "first words"));
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(missing.getBody()).contains("debt collector").contains("1006.18(e)");
    assertThat(put("agent", key + "/SMS/US/en", Map.of("body", "x", "changeNote", "x")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    Map<String, Object> good = Map.of("body", "{debtCollectorDisclosure} {debtorName}, your {creditor} account is past"
        + " due. {optOut}", "changeNote", "first words");
    assertThat(put("compliance", key + "/SMS/US/en", good).getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode second = api.body(put("compliance", key + "/SMS/US/en", Map.of("body", good.get("body") + " Thank you.",
        "changeNote", "thank the debtor")), HttpStatus.OK);
    assertThat(second.path("version").asInt()).isEqualTo(2);
    assertThat(second.path("updatedBy").asText()).isEqualTo("compliance");
    JsonNode versions = api.get("/api/compliance/templates/" + key + "/SMS/US/en");
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).path("changeNote").asText()).isEqualTo("thank the debtor");
    assertThat(jdbc.sql("select count(*) from audit_event where action = 'TEMPLATE_CHANGED' and summary like :k")
        .param("k", "%" + key + "%").query(Long.class).single()).isEqualTo(2);
    // bad requests are problems, never 500s
    for (String path : List.of(key + "/FAX/US/en", key + "/SMS/ZZ/en", key + "/SMS/US/fr", "Bad_Key/SMS/US/en")) {
      assertThat(put("compliance", path, good).getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    assertThat(put("compliance", key + "/SMS/US/en", Map.of("body", "{debtCollectorDisclosure} {creditor} {optOut}"))
        .getStatusCode()).as("no change note").isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void theDebtorReceivesTheTemplatesWordsWithTheDisclosureAndTheOptOutInTheirLanguageAndLocale() {
    // a US debtor: the English reminder with the disclosure and "Reply STOP"
    UUID us = api.importAccount(Api.unique("TPLUS") + "-1", "1234.50");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(bodies(us, "payment-reminder"))
        .anySatisfy(b -> assertThat(b).contains("This is a communication from a debt collector.")
            .contains("Reply STOP to opt out.").contains("$1,234.50").contains("Own book")));
    // an Indian debtor who reads Hindi: the Hindi reminder, the amount as written in India
    String ref = Api.unique("TPLIN") + "-1";
    String csv = "accountRef,debtorName,phone,timezone,jurisdiction,product,principal,balance,currency,dpd,language,"
        + "creditor\n" + ref + ",Asha Rao,09845000667,Asia/Kolkata,IN,FLOW,200000,123456,INR,20,hi,Asha Finance\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    UUID in = UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(bodies(in, "payment-reminder"))
        .anySatisfy(b -> assertThat(b).contains("Asha Rao जी").contains("Asha Finance").contains("1,23,456")
            .contains("STOP")));
    // a preview of a draft with the Indian case's data
    JsonNode preview = api.body(api.as("compliance").http().postForEntity("/api/compliance/templates/payment-reminder"
            + "/EMAIL/IN/en/preview?caseId=" + in, Map.of("subject", "Your {creditor} account", "body",
            "{debtorName}: {balance} owed to {creditor}. {optOut}"), String.class), HttpStatus.OK);
    assertThat(preview.path("subject").asText()).isEqualTo("Your Asha Finance account");
    assertThat(preview.path("body").asText()).startsWith("Asha Rao: ₹1,23,456.00 owed to Asha Finance.")
        .contains("unsubscribe").contains(in.toString());
    // the link opts the debtor out of e-mail, without signing in; a changed token does nothing
    String link = preview.path("body").asText().replaceAll("(?s).*(http://localhost:8080/api/unsubscribe\\S+).*", "$1");
    String path = link.substring(link.indexOf("/api/"));
    assertThat(http.getForEntity(path.replaceAll("token=[^&]*", "token=tampered"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.get("/api/cases/" + in + "/opt-outs").toString()).doesNotContain("EMAIL");
    ResponseEntity<String> followed = http.getForEntity(path, String.class);
    assertThat(followed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(followed.getBody()).contains("no more e-mails");
    assertThat(api.get("/api/cases/" + in + "/opt-outs").toString()).contains("EMAIL");
    // the voicemail an agent may leave is there to read, for every role
    assertThat(api.as("agent").get("/api/compliance/templates/voicemail/VOICEMAIL/US/en").get(0).path("body").asText())
        .contains("{collectorPhone}").doesNotContain("{creditor}").doesNotContain("{balance}");
  }

  private List<String> bodies(UUID caseId, String template) {
    return jdbc.sql("select body from outbound_message where case_id = :c and template = :t")
        .param("c", caseId).param("t", template).query(String.class).list();
  }
}
