package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.cases.Cases;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** The audit trail (who did what, append-only at the database), PII masking and reveal, retention. */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailTest extends ApiTestSupport {

  @Autowired Cases cases;
  @Autowired Clock clock;

  private List<String> audit(UUID caseId, String user) {
    List<String> rows = new ArrayList<>();
    api.as(user).get("/api/cases/" + caseId + "/audit").forEach(e -> rows.add(
        e.path("action").asText() + ":" + e.path("actor").asText() + ":" + e.path("actorRole").asText()));
    return rows;
  }

  @Test
  void everyChangeIsAuditedWithWhoAndTheRowsCannotBeChanged() {
    UUID caseId = api.importAccount(Api.unique("AUDIT") + "-1", "700.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    String task = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D").path("id").asText();
    api.body(api.claimTask(task, "agent"), HttpStatus.OK);
    api.body(api.completeTask(task, "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);

    List<String> trail = audit(caseId, "compliance");
    assertThat(trail).contains("CASE_OPENED:admin:ADMIN", "REMINDER_SENT:system:WORKER", "TASK_CLAIMED:agent:AGENT",
        "TASK_COMPLETED:agent:AGENT");
    JsonNode completed = null;
    for (JsonNode e : api.as("compliance").get("/api/cases/" + caseId + "/audit")) {
      if (e.path("action").asText().equals("TASK_COMPLETED")) {
        completed = e;
      }
    }
    assertThat(completed.path("taskId").asText()).isEqualTo(task);
    assertThat(completed.path("after").path("callOutcome").asText()).isEqualTo("NO_ANSWER");
    // every timeline event, however it was written (one by one, or in bulk by the import), has exactly one audit row
    // with the same actor: the database writes it with the event (V21)
    assertThat(jdbc.sql("""
            select e.type || ':' || coalesce(e.actor, 'system') from case_event e where e.case_id = :id
            order by e.type, 1""").param("id", caseId).query(String.class).list())
        .isNotEmpty()
        .isEqualTo(jdbc.sql("""
            select a.action || ':' || a.actor from audit_event a where a.case_id = :id
               and a.action in (select type from case_event where case_id = :id)
            order by a.action, 1""").param("id", caseId).query(String.class).list());

    // export per case, for compliance and supervisors only
    var csv = api.as("supervisor").http().getForEntity("/api/cases/" + caseId + "/audit?format=csv", String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getBody()).startsWith("id,occurredAt,actor,actorRole,action").contains("TASK_COMPLETED");
    assertThat(api.as("agent").http().getForEntity("/api/cases/" + caseId + "/audit", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    // append-only at the database: no update, delete or truncate, whoever tries
    long before = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
    assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'nobody' where case_id = :id")
        .param("id", caseId).update()).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("delete from audit_event where case_id = :id").param("id", caseId).update())
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("truncate audit_event").update())
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isGreaterThanOrEqualTo(before);
    assertThat(audit(caseId, "compliance")).contains("TASK_COMPLETED:agent:AGENT");
  }

  @Test
  void modelDeploymentsAreAudited() {
    var deployed = jdbc.sql("select summary, after ->> 'modelId' as model from audit_event where action = 'MODEL_DEPLOYED'")
        .query().listOfRows();
    assertThat(deployed).extracting(r -> r.get("model")).contains("collection-case", "collection-strategy",
        "call-debtor");
    assertThat(deployed).extracting(r -> r.get("summary").toString()).anyMatch(t -> t.contains("by system"));
  }

  @Test
  void policyAndScriptChangesAreAuditedWithBeforeAndAfter() {
    JsonNode in = api.get("/api/compliance/policies/IN");
    String body = """
        {"name":"%s","contactFrom":"08:00","contactUntil":"19:00","hoursChannels":["CALL","SMS","EMAIL","VISIT"],
         "agentIdentityRequired":true}""";
    assertThat(api.as("agent").put("/api/compliance/policies/IN", body.formatted("x")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    var bad = api.as("compliance").put("/api/compliance/policies/IN", body.formatted("x").replace("19:00", "07:00"));
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    var saved = api.as("compliance").put("/api/compliance/policies/IN", body.formatted("RBI fair practices (reviewed)"));
    assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(api.read(saved.getBody()).path("updatedBy").asText()).isEqualTo("compliance");

    var row = jdbc.sql("select actor, actor_role, before ->> 'name' as was, after ->> 'name' as now from audit_event"
        + " where action = 'POLICY_CHANGED' order by id desc limit 1").query().singleRow();
    assertThat(row).containsEntry("actor", "compliance").containsEntry("actor_role", "COMPLIANCE")
        .containsEntry("was", in.path("name").asText()).containsEntry("now", "RBI fair practices (reviewed)");
    api.as("compliance").put("/api/compliance/policies/IN", body.formatted(in.path("name").asText()));
  }

  @Test
  void agentsSeeMaskedDataRevealIsAuditedAndLogsCarryNoContactDetails(CapturedOutput output) {
    UUID caseId = api.importAccount(Api.unique("MASK") + "-1", "650.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    String task = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D").path("id").asText();

    Api agent = api.as("agent");
    for (String path : List.of("/api/cases/" + caseId, "/api/cases/" + caseId + "/context",
        "/api/cases/" + caseId + "/contacts", "/api/cases/" + caseId + "/timeline", "/api/tasks?caseId=" + caseId,
        "/api/tasks/" + task, "/api/cases?size=500")) {
      String body = agent.get(path).toString();
      assertThat(body).as(path).doesNotContain("4155550123").doesNotContain("jane.doe@example.com")
          .doesNotContain("1 Main St");
    }

    // reveal: a reason is required, and the reveal is audited
    assertThat(agent.post("/api/cases/" + caseId + "/reveal", "{}", MediaType.APPLICATION_JSON).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.as("manager").post("/api/cases/" + caseId + "/reveal", "{\"reason\":\"curious\"}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(audit(caseId, "compliance")).noneMatch(a -> a.startsWith("PII_REVEALED"));
    JsonNode revealed = api.body(agent.post("/api/cases/" + caseId + "/reveal",
        "{\"reason\":\"dialling the debtor for the call task\"}", MediaType.APPLICATION_JSON), HttpStatus.OK);
    assertThat(revealed.path("phone").asText()).isEqualTo("+14155550123");
    assertThat(audit(caseId, "compliance")).contains("PII_REVEALED:agent:AGENT");

    // nothing the app logged during all this carries the phone number or the e-mail address
    assertThat(output.getAll()).contains(caseId.toString()).doesNotContain("4155550123")
        .doesNotContain("jane.doe@example.com");
  }

  /**
   * Contact data an agent enters in a form is personal data like the import's (issue 17, finding 4): masked on the
   * timeline, in the case context and in the audit export for everyone, in the logs too, and readable only through the
   * audited reveal. Before, a new phone and e-mail from verify-debtor-details showed unmasked to managers and field
   * agents, and in the audit export.
   */
  @Test
  void contactDataEnteredInAFormIsMaskedWhereverItIsShown(CapturedOutput output) {
    UUID caseId = api.importAccount(Api.unique("MASKFORM") + "-1", "650.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    String call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D").path("id").asText();
    api.body(api.completeTask(call, "agent", Map.of("callOutcome", "WRONG_NUMBER")), HttpStatus.OK);
    String verify = api.awaitOpenTask(caseId, "verify-debtor-details").path("id").asText();
    api.body(api.completeTask(verify, "agent", Map.of("verificationResult", "CONTACT_UPDATED",
        "newPhone", "+1 312 555 0199", "newEmail", "new.address@example.org",
        // people write the new details into the notes too
        "verificationNotes", "credit bureau record: +1 (312) 555-0199, new.address@example.org")), HttpStatus.OK);
    api.awaitEvent(caseId, "DEBTOR_DETAILS_UPDATED", 1);

    for (String user : List.of("manager", "field-agent", "agent", "supervisor", "compliance")) {
      for (String path : List.of("/api/cases/" + caseId + "/context", "/api/cases/" + caseId + "/timeline",
          "/api/cases/" + caseId)) {
        assertThat(api.as(user).get(path).toString()).as(user + " " + path)
            .doesNotContain("555 0199").doesNotContain("5550199").doesNotContain("new.address@");
      }
    }
    assertThat(api.as("manager").get("/api/cases/" + caseId + "/contacts").toString()).doesNotContain("5550199")
        .doesNotContain("new.address@");
    // "contact updated" needs the new details
    UUID other = api.importAccount(Api.unique("MASKFORM") + "-2", "650.00");
    api.awaitEvent(other, "REMINDER_SENT", 1);
    String call2 = api.advanceUntilOpenTask(other, "call-debtor", "P5D").path("id").asText();
    api.body(api.completeTask(call2, "agent", Map.of("callOutcome", "WRONG_NUMBER")), HttpStatus.OK);
    String verify2 = api.awaitOpenTask(other, "verify-debtor-details").path("id").asText();
    assertThat(api.completeTask(verify2, "agent", Map.of("verificationResult", "CONTACT_UPDATED",
        "verificationNotes", "found nothing new")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    for (String format : List.of("json", "csv")) {
      var export = api.as("compliance").http().getForEntity("/api/cases/" + caseId + "/audit?format=" + format,
          String.class);
      assertThat(export.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(export.getBody()).as(format).doesNotContain("5550199").doesNotContain("555 0199")
          .doesNotContain("new.address@").contains("TASK_COMPLETED");
    }
    // the audited reveal shows what the agent entered
    JsonNode revealed = api.body(api.as("agent").post("/api/cases/" + caseId + "/reveal",
        "{\"reason\":\"calling the new number\"}", MediaType.APPLICATION_JSON), HttpStatus.OK);
    assertThat(revealed.path("phone").asText()).isEqualTo("+13125550199");
    assertThat(revealed.path("email").asText()).isEqualTo("new.address@example.org");
    assertThat(output.getAll()).doesNotContain("5550199").doesNotContain("new.address@");
  }

  @Test
  void closedCasesLoseTheirPersonalDataAfterTheRetentionPeriod() {
    UUID closed = api.importAccount(Api.unique("KEEP") + "-1", "100.00");
    UUID open = api.importAccount(Api.unique("KEEP") + "-2", "100.00");
    api.body(api.pay(closed, "100.00", "USD", Api.unique("pay")), HttpStatus.CREATED);
    api.awaitEvent(closed, "CASE_CLOSED", 1);

    // a retention of one day, two days later: a US debt's records stay 3 years after its last activity (1006.100)
    assertThat(new Retention(cases, Clock.offset(clock, Duration.ofDays(2)), 1, null).eraseExpired())
        .doesNotContain(closed).doesNotContain(open);
    // three years and a week later: erased
    Retention retention = new Retention(cases, Clock.offset(clock, Duration.ofDays(3 * 366 + 7)), 1, null);
    assertThat(retention.eraseExpired()).contains(closed).doesNotContain(open);
    JsonNode erased = api.caseView(closed).path("debtor");
    assertThat(erased.path("name").asText()).isEqualTo("(erased)");
    assertThat(erased.path("phone").isNull() || erased.path("phone").asText().isEmpty()).isTrue();
    assertThat(api.caseView(closed).path("balance").decimalValue()).isEqualByComparingTo("0");
    assertThat(api.eventTypes(closed)).contains("PERSONAL_DATA_ERASED");
    assertThat(api.caseView(open).path("debtor").path("name").asText()).isEqualTo("Jane Doe");
    assertThat(retention.eraseExpired()).doesNotContain(closed); // once
  }
}
