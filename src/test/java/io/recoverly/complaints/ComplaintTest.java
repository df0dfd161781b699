package io.recoverly.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Complaints and grievances (issue 22): an agent records the debtor's complaint; compliance gets a task due within the
 * jurisdiction's limit (RBI: 30 days); unresolved by then it goes to the grievance officer, who resolves it; the
 * complaint KPIs count it.
 */
class ComplaintTest extends ApiTestSupport {

  private UUID importCase(String ref, String jurisdiction) {
    boolean india = jurisdiction.equals("IN");
    String csv = Api.CSV_HEADER + "\n" + String.join(",", ref, "Kavya Nair", india ? "+919876500011" : "+14155550123",
        "", "\"2 Hill Rd, Pune 411001\"", india ? "Asia/Kolkata" : "America/Chicago", jurisdiction, "COMPLAINT",
        "50000.00", "20000.00", india ? "INR" : "USD", "20") + "\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    return UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());
  }

  @Test
  void aComplaintIsDueWithinTheLimitEscalatesWhenItPassesAndIsCountedInTheKpis() {
    UUID caseId = importCase(Api.unique("CMP") + "-1", "IN");
    String url = "/api/cases/" + caseId + "/complaints";

    // refused, writing nothing: an unknown category or channel, control characters, no details, another role
    for (String bad : new String[] {"{\"category\":\"RUDE\",\"details\":\"x\",\"channel\":\"PHONE\"}",
        "{\"category\":\"AGENT_CONDUCT\",\"details\":\"x\",\"channel\":\"CARRIER_PIGEON\"}",
        "{\"category\":\"AGENT_CONDUCT\",\"details\":\"a\\u0000b\",\"channel\":\"PHONE\"}",
        "{\"category\":\"AGENT_CONDUCT\",\"details\":\" \",\"channel\":\"PHONE\"}", "[null]", "true"}) {
      assertThat(api.as("agent").post(url, bad, MediaType.APPLICATION_JSON).getStatusCode()).as(bad)
          .isEqualTo(HttpStatus.BAD_REQUEST);
    }
    assertThat(api.as("manager").post(url, "{\"category\":\"OTHER\",\"details\":\"x\",\"channel\":\"PHONE\"}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.get(url)).isEmpty();

    JsonNode complaint = api.body(api.as("agent").post(url, "{\"category\":\"agent_conduct\",\"details\":\"The"
        + " caller was rude and called my office at +919876500099\",\"channel\":\"PHONE\"}",
        MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    assertThat(complaint.path("state").asText()).isEqualTo("OPEN");
    assertThat(complaint.path("details").asText()).doesNotContain("9876500099");
    Instant raised = Instant.parse(complaint.path("raisedAt").asText());
    assertThat(Duration.between(raised, Instant.parse(complaint.path("dueAt").asText())).toDays())
        .as("RBI: resolved within 30 days").isEqualTo(30);
    // compliance's queue has it, due then
    JsonNode task = api.awaitOpenTask(caseId, "resolve-complaint");
    assertThat(task.path("candidateGroups").toString() + task.path("groups")).contains("complaints");
    assertThat(api.as("compliance").get("/api/tasks?caseId=" + caseId).toString()).contains("resolve-complaint");

    // 30 days pass unresolved: the grievance officer has it
    api.advanceClock("P31D");
    api.awaitEvent(caseId, "COMPLAINT_ESCALATED", 1);
    JsonNode grievance = api.awaitOpenTask(caseId, "review-escalated-complaint");
    api.body(api.completeTask(grievance.path("id").asText(), "compliance", Map.of("complaintOutcome", "UPHELD",
        "complaintResolution", "We apologised; the agent was coached and the office number is stopped.")),
        HttpStatus.OK);
    await().atMost(Duration.ofSeconds(20)).until(() -> api.get(url).get(0).path("state").asText().equals("RESOLVED"));
    JsonNode resolved = api.get(url).get(0);
    assertThat(resolved.path("outcome").asText()).isEqualTo("UPHELD");
    assertThat(resolved.path("escalatedAt").isNull()).isFalse();

    // a US complaint: 15 days
    UUID us = importCase(Api.unique("CMP") + "-2", "US");
    JsonNode usComplaint = api.body(api.as("agent").post("/api/cases/" + us + "/complaints", "{\"category\":"
        + "\"CONTACT_FREQUENCY\",\"details\":\"Too many calls\",\"channel\":\"LETTER\"}", MediaType.APPLICATION_JSON),
        HttpStatus.CREATED);
    assertThat(Duration.between(Instant.parse(usComplaint.path("raisedAt").asText()),
        Instant.parse(usComplaint.path("dueAt").asText())).toDays()).isEqualTo(15);

    // the KPIs: raised, per 1,000 accounts, by category, escalated, days to resolve
    LocalDate day = LocalDate.ofInstant(raised, ZoneOffset.UTC);
    JsonNode kpis = api.as("manager").get("/api/metrics/complaints?from=" + day + "&to="
        + LocalDate.ofInstant(api.engineNow(), ZoneOffset.UTC).plusDays(1));
    assertThat(kpis.path("raised").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(kpis.path("byCategory").path("AGENT_CONDUCT").asLong()).isPositive();
    assertThat(kpis.path("escalated").asLong()).isPositive();
    assertThat(kpis.path("per1000Accounts").decimalValue().signum()).isPositive();
    assertThat(kpis.path("meanDaysToResolve").decimalValue()).isGreaterThanOrEqualTo(new java.math.BigDecimal("30"));
    assertThat(api.as("agent").http().getForEntity("/api/metrics/complaints", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("manager").http().getForEntity("/api/metrics/complaints?from=2026-12-05&to=2026-12-01",
        String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }
}
