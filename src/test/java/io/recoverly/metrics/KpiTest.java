package io.recoverly.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * KPIs from a known portfolio of one product, every figure computed by hand:
 * A 1,000 USD at 20 DPD pays 250; B 500 at 45 DPD pays in full; C 2,000 at 100 DPD has three calls (one right-party
 * contact, one promise, one no answer), one SMS blocked by the contact hours, and promises: one kept and one broken
 * (both due in the period) plus one still open (made before the period, due next month).
 */
class KpiTest extends ApiTestSupport {

  @org.springframework.beans.factory.annotation.Autowired BusinessMetrics metrics;

  private final String product = "KPI_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();


  private UUID account(String ref, String balance, int dpd) {
    String csv = Api.CSV_HEADER + "\n" + String.join(",", ref, "Jane Doe", "+14155550123", "jane.doe@example.com",
        "\"1 Main St, Springfield, IL\"", "America/Chicago", "US", product, "5000.00", balance, "USD",
        Integer.toString(dpd)) + "\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    for (JsonNode item : api.get("/api/cases?product=" + product + "&size=500").path("items")) {
      if (item.path("accountRef").asText().equals(ref)) {
        return UUID.fromString(item.path("id").asText());
      }
    }
    throw new AssertionError(ref);
  }

  private void attempt(UUID caseId, String channel, String outcome, Boolean allowed, String rule, Instant at) {
    jdbc.sql("insert into contact_attempt (case_id, channel, attempted_at, outcome, guard_allowed, guard_rule, agent)"
            + " values (:id, :channel, :at, :outcome, :allowed, :rule, :agent)")
        .param("id", caseId).param("channel", channel).param("at", Timestamp.from(at)).param("outcome", outcome)
        .param("allowed", allowed).param("rule", rule).param("agent", channel.equals("CALL") ? "agent" : null).update();
  }

  private void promise(UUID caseId, String state, LocalDate due, Instant madeAt) {
    jdbc.sql("insert into promise (id, case_id, amount, currency, promised_for, state, made_at)"
            + " values (:id, :case, 100, 'USD', :due, :state, :at)")
        .param("id", UUID.randomUUID()).param("case", caseId).param("due", due).param("state", state)
        .param("at", Timestamp.from(madeAt)).update();
  }

  @Test
  void kpisOfAKnownPortfolio() {
    Instant now = api.engineNow();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String period = "from=" + today.minusDays(1) + "&to=" + today.plusDays(2) + "&product=" + product;
    // no data yet: counts are zero and rates are null, not 0 %
    JsonNode empty = api.as("manager").get("/api/metrics/kpis?" + period);
    assertThat(empty.path("openCases").asLong()).isZero();
    assertThat(empty.path("recovery").size()).isZero();
    assertThat(empty.path("promises").path("keptRate").isNull()).isTrue();
    assertThat(empty.path("contacts").path("rightPartyContactRate").isNull()).isTrue();

    UUID a = account(product + "-A", "1000.00", 20);
    UUID b = account(product + "-B", "500.00", 45);
    UUID c = account(product + "-C", "2000.00", 100);
    for (UUID id : new UUID[] {a, b, c}) {
      api.awaitEvent(id, "REMINDER_SENT", 1);
    }
    api.body(api.pay(a, "250.00", "USD", Api.unique("kpi")), HttpStatus.CREATED);
    api.body(api.pay(b, "500.00", "USD", Api.unique("kpi")), HttpStatus.CREATED);
    api.awaitEvent(b, "CASE_CLOSED", 1);
    attempt(c, "CALL", "RIGHT_PARTY_CONTACT", true, "ALLOW", now);
    attempt(c, "CALL", "PROMISE_TO_PAY", true, "ALLOW", now);
    attempt(c, "CALL", "NO_ANSWER", true, "ALLOW", now);
    attempt(c, "SMS", "RESCHEDULED", false, "CONTACT_HOURS", now);
    promise(c, "KEPT", today, now);
    promise(c, "BROKEN", today, now);
    promise(c, "OPEN", today.plusDays(30), now.minus(Duration.ofDays(10)));

    JsonNode k = api.as("manager").get("/api/metrics/kpis?" + period);
    assertThat(k.path("openCases").asLong()).isEqualTo(2);
    assertThat(k.path("casesByStage").path("CONTACT").asLong()).isEqualTo(2);
    assertThat(k.path("agingBuckets").toString()).isEqualTo("{\"1-30\":1,\"31-60\":0,\"61-90\":0,\"90+\":1}");
    JsonNode usd = k.path("recovery").get(0);
    assertThat(usd.path("currency").asText()).isEqualTo("USD");
    assertThat(usd.path("placed").decimalValue()).isEqualByComparingTo("3500.00");
    assertThat(usd.path("collected").decimalValue()).isEqualByComparingTo("750.00");
    assertThat(usd.path("rate").decimalValue()).isEqualByComparingTo("0.2143"); // 750 / 3,500
    JsonNode promises = k.path("promises");
    assertThat(promises.path("made").asLong()).isEqualTo(2); // the open one was made before the period
    assertThat(promises.path("due").asLong()).isEqualTo(2); // the open one is not due yet
    assertThat(promises.path("keptRate").decimalValue()).isEqualByComparingTo("0.5");
    assertThat(promises.path("ptpRate").decimalValue()).isEqualByComparingTo("1"); // 2 promises / 2 conversations
    JsonNode contacts = k.path("contacts");
    // three validation-notice letters, three reminders (SMS for A and B; C at 100 DPD is segmented "late stage",
    // which writes letters), three calls; the held SMS is not an attempt made
    assertThat(contacts.path("attempts").asLong()).isEqualTo(9);
    assertThat(contacts.path("byChannel").toString()).isEqualTo("{\"CALL\":3,\"LETTER\":4,\"SMS\":2}");
    assertThat(contacts.path("rightPartyContactRate").decimalValue()).isEqualByComparingTo("0.6667"); // 2 of 3
    assertThat(contacts.path("blockedByRule").toString()).isEqualTo("{\"CONTACT_HOURS\":1}");
    assertThat(k.path("sla").path("due").asLong()).isZero();
    assertThat(k.path("sla").path("breachRate").isNull()).isTrue();
    // time in stage: all three entered CONTACT in the period; B left it when it closed, A and C are still there
    JsonNode contact = k.path("timeInStage").get(0);
    assertThat(contact.path("stage").asText()).isEqualTo("CONTACT");
    assertThat(contact.path("entries").asLong()).isEqualTo(3);
    assertThat(contact.path("p90Hours").asDouble()).isGreaterThanOrEqualTo(contact.path("averageHours").asDouble());
    assertThat(k.path("agents").toString())
        .isEqualTo("[{\"agent\":\"agent\",\"tasksCompleted\":0,\"contacts\":3,\"promises\":1}]");

    // the same facts as business meters for Prometheus (low-cardinality tags)
    metrics.refresh();
    String scrape = api.as("manager").http().getForObject("/actuator/prometheus", String.class);
    assertThat(scrape).contains("recoverly_cases_open{stage=\"CONTACT\"}")
        .containsPattern("recoverly_payments_amount_total\\{currency=\"USD\"[^}]*} \\d")
        .doesNotContain(product);

    // the weekly report against targets a manager sets: done 0 + 3 + 1 of 2 + 4 + 2 expected = 50 %
    String target = "{\"tasks\":2,\"contacts\":4,\"promises\":2}";
    assertThat(api.as("agent").put("/api/metrics/targets/agent/WEEKLY", target).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("manager").put("/api/metrics/targets/agent/WEEKLY", target).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    JsonNode weekly = api.as("manager").get("/api/metrics/reports/weekly?date=" + today + "&product=" + product);
    assertThat(weekly.path("from").asText()).isEqualTo(today.with(java.time.DayOfWeek.MONDAY).toString());
    JsonNode line = weekly.path("lines").get(0);
    assertThat(line.path("agent").asText()).isEqualTo("agent");
    assertThat(line.path("contacts").asLong()).isEqualTo(3);
    assertThat(line.path("contactsTarget").asInt()).isEqualTo(4);
    assertThat(line.path("achievement").decimalValue()).isEqualByComparingTo("0.5");
    var csv = api.as("manager").http().getForEntity("/api/metrics/reports/weekly?date=" + today + "&product=" + product
        + "&format=csv", String.class);
    assertThat(csv.getHeaders().getContentDisposition().getFilename()).startsWith("weekly-report-");
    assertThat(csv.getBody()).isEqualTo("agent,tasks,tasksTarget,contacts,contactsTarget,promises,promisesTarget,"
        + "achievement\nagent,0,2,3,4,1,2,0.5000\n");

    // filters: no Indian case in this product
    JsonNode india = api.as("manager").get("/api/metrics/kpis?" + period + "&jurisdiction=IN");
    assertThat(india.path("openCases").asLong()).isZero();
    assertThat(india.path("recovery").size()).isZero();
    // agents do not read metrics; a reversed period is refused
    assertThat(api.as("agent").http().getForEntity("/api/metrics/kpis?" + period, String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("manager").http().getForEntity("/api/metrics/kpis?from=" + today + "&to=" + today.minusDays(1),
        String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }
}
