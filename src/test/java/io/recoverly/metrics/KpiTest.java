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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * KPIs from a known portfolio of one product, every figure computed by hand:
 * A 1,000 USD at 20 DPD pays 250; B 500 at 45 DPD pays in full; C 2,000 at 100 DPD has three calls (one right-party
 * contact, one promise, one no answer), one SMS blocked by the contact hours, and promises: one kept and one broken
 * (both due in the period) plus one still open (made before the period, due next month), and a call task 10 h old and
 * overdue by 1 h. The single-case test covers roll rates, the trend, payment attribution and the people filters.
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

  /** A call task as the task store records it, in a queue of its own so that no other test's inbox sees it. */
  private UUID openCallTask(UUID caseId, Instant created, Instant due) {
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            insert into user_task (id, engine_incarnation, job_key, case_id, process_instance_key, element_id, name,
                                   candidate_groups, state, due_at, created_at)
            values (:id, 'kpi-test', :key, :case, 0, 'call-debtor', 'Call debtor', 'kpi-test-queue', 'OPEN', :due, :at)
            """).param("id", id).param("key", -Math.abs(id.getMostSignificantBits() % 1_000_000_000L) - 1)
        .param("case", caseId).param("due", Timestamp.from(due)).param("at", Timestamp.from(created)).update();
    return id;
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
    UUID task = openCallTask(c, now.minus(Duration.ofHours(10)), now.minus(Duration.ofHours(1)));

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
    // cure: of the three cases opened in the period, B was paid in full
    assertThat(k.path("cure").toString()).isEqualTo("{\"entered\":3,\"cured\":1,\"rate\":0.3333}");
    // roll rates, by the bucket each case was placed in during the period: A (20 DPD) is still in 1-30, B (45 DPD)
    // closed, C (100 DPD) is past the last bucket that can roll
    assertThat(k.path("rollRates").toString()).isEqualTo("[{\"from\":\"1-30\",\"to\":\"31-60\",\"base\":1,"
        + "\"rolled\":0,\"rate\":0.0},{\"from\":\"31-60\",\"to\":\"61-90\",\"base\":1,\"rolled\":0,"
        + "\"rate\":0.0},{\"from\":\"61-90\",\"to\":\"90+\",\"base\":0,\"rolled\":0,\"rate\":null}]");
    // the call task is due in the period and open past its due time
    assertThat(k.path("sla").toString()).isEqualTo("{\"due\":1,\"breached\":1,\"breachRate\":1.0}");
    JsonNode waiting = k.path("bottlenecks").get(0);
    assertThat(waiting.path("task").asText()).isEqualTo("call-debtor");
    assertThat(waiting.path("open").asLong()).isEqualTo(1);
    assertThat(waiting.path("overdue").asLong()).isEqualTo(1);
    assertThat(waiting.path("oldestWaitHours").asDouble()).isBetween(10.0, 10.5);
    assertThat(k.path("incidents").toString()).isEqualTo("{\"raised\":0,\"cases\":0,\"stuckNow\":0}");
    // time in stage: all three entered CONTACT in the period; B left it when it closed, A and C are still there
    JsonNode contact = k.path("timeInStage").get(0);
    assertThat(contact.path("stage").asText()).isEqualTo("CONTACT");
    assertThat(contact.path("entries").asLong()).isEqualTo(3);
    assertThat(contact.path("p90Hours").asDouble()).isGreaterThanOrEqualTo(contact.path("averageHours").asDouble());
    assertThat(k.path("agents").toString())
        .isEqualTo("[{\"agent\":\"agent\",\"tasksCompleted\":0,\"contacts\":3,\"promises\":1,\"collected\":{}}]");

    // the same facts as business meters for Prometheus (low-cardinality tags)
    metrics.refresh();
    String scrape = api.as("manager").http().getForObject("/actuator/prometheus", String.class);
    assertThat(scrape).contains("recoverly_cases_open{stage=\"CONTACT\"}")
        .containsPattern("recoverly_payments_amount_total\\{currency=\"USD\"[^}]*} \\d")
        .contains("recoverly_tasks_open{queue=\"kpi-test-queue\"} 1.0")
        // the job workers' own meters: invocations per action (activated, completed, failed, bpmn-error) and job type
        .containsPattern("camunda_job_invocations_total\\{action=\"completed\"[^}]*type=\"send-reminder\"")
        .containsPattern("recoverly_job_worker_seconds_count\\{outcome=\"completed\",type=\"send-reminder\"} [1-9]")
        .doesNotContain(product);

    // the weekly report against targets a manager sets: done 0 + 3 + 1 of 2 + 4 + 2 expected = 50 %
    String target = "{\"tasks\":2,\"contacts\":4,\"promises\":2}";
    assertThat(api.as("agent").put("/api/metrics/targets/agent/WEEKLY", target).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("manager").put("/api/metrics/targets/agent/WEEKLY", target).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    // for one person: other tests in this application set targets for other people
    JsonNode weekly = api.as("manager").get("/api/metrics/reports/weekly?date=" + today + "&product=" + product
        + "&agent=agent");
    assertThat(weekly.path("from").asText()).isEqualTo(today.with(java.time.DayOfWeek.MONDAY).toString());
    JsonNode line = weekly.path("lines").get(0);
    assertThat(line.path("agent").asText()).isEqualTo("agent");
    assertThat(line.path("contacts").asLong()).isEqualTo(3);
    assertThat(line.path("contactsTarget").asInt()).isEqualTo(4);
    assertThat(line.path("achievement").decimalValue()).isEqualByComparingTo("0.5");
    var csv = api.as("manager").http().getForEntity("/api/metrics/reports/weekly?date=" + today + "&product=" + product
        + "&agent=agent&format=csv", String.class);
    assertThat(csv.getHeaders().getContentDisposition().getFilename()).startsWith("weekly-report-");
    assertThat(csv.getBody()).isEqualTo("agent,teams,tasks,tasksTarget,contacts,contactsTarget,promises,promisesTarget,"
        + "achievement\nagent,agents,0,2,3,4,1,2,0.5000\n");
    assertThat(weekly.path("teams").toString()).isEqualTo("[{\"team\":\"agents\",\"people\":1,\"tasks\":0,"
        + "\"tasksTarget\":2,\"contacts\":3,\"contactsTarget\":4,\"promises\":1,\"promisesTarget\":2,"
        + "\"collected\":{},\"collectedTargets\":{},\"collectedAchievement\":{},\"achievement\":0.5}]");

    // amount targets per currency: each compared with what was collected in that currency only
    String perCurrency = "{\"tasks\":2,\"contacts\":4,\"promises\":2,\"collected\":{\"USD\":1000,\"INR\":50000}}";
    api.body(api.as("manager").put("/api/metrics/targets/agent/WEEKLY", perCurrency), HttpStatus.OK);
    JsonNode withAmounts = api.as("manager").get("/api/metrics/reports/weekly?date=" + today + "&product=" + product
        + "&agent=agent").path("lines").get(0);
    assertThat(withAmounts.path("collectedTargets").path("USD").decimalValue()).isEqualByComparingTo("1000");
    assertThat(withAmounts.path("collectedTargets").path("INR").decimalValue()).isEqualByComparingTo("50000");
    assertThat(withAmounts.path("collectedAchievement").path("USD").decimalValue()).isEqualByComparingTo("0");
    assertThat(withAmounts.path("collectedAchievement").path("INR").decimalValue()).isEqualByComparingTo("0");
    for (String bad : List.of("{\"tasks\":1,\"contacts\":1,\"promises\":1,\"collected\":{\"usd\":1}}",
        "{\"tasks\":1,\"contacts\":1,\"promises\":1,\"collected\":{\"USD\":\"lots\"}}",
        "{\"tasks\":1,\"contacts\":1,\"promises\":1,\"collected\":{\"USD\":-1}}",
        "{\"tasks\":1,\"contacts\":1,\"promises\":1,\"collected\":{\"USD\":1e309}}",
        "{\"tasks\":1,\"contacts\":1,\"promises\":1,\"collected\":5}")) {
      assertThat(api.as("manager").put("/api/metrics/targets/agent/WEEKLY", bad).getStatusCode()).as(bad)
          .isEqualTo(HttpStatus.BAD_REQUEST);
    }
    api.body(api.as("manager").put("/api/metrics/targets/agent/WEEKLY", target), HttpStatus.OK);
    // without a period the KPIs are this month's
    JsonNode thisMonth = api.as("manager").get("/api/metrics/kpis?product=" + product);
    assertThat(thisMonth.path("query").path("from").asText()).isEqualTo(today.withDayOfMonth(1).toString());

    // filters: no Indian case in this product
    JsonNode india = api.as("manager").get("/api/metrics/kpis?" + period + "&jurisdiction=IN");
    assertThat(india.path("openCases").asLong()).isZero();
    assertThat(india.path("recovery").size()).isZero();
    // agents do not read metrics; a reversed period is refused
    assertThat(api.as("agent").http().getForEntity("/api/metrics/kpis?" + period, String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("manager").http().getForEntity("/api/metrics/kpis?from=" + today + "&to=" + today.minusDays(1),
        String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.as("manager").http().getForEntity("/api/metrics/kpis?" + period + "&team=<script>", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.as("manager").http().getForEntity("/api/metrics/kpis?" + period + "&modelVersion=0", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    jdbc.sql("update user_task set state = 'CANCELED' where id = :id").param("id", task).update();
  }

  /**
   * One case of 1,000 USD at 75 DPD, opened 30 days ago; the period is the last 20 days and today. At the period's start
   * it was 55 days past due (31-60), now 75 (61-90): it rolled. agent2 talked to the debtor today, and the debtor paid
   * 400 after that: the payment is agent2's.
   */
  @Test
  void aSingleCaseRollsAndItsPaymentIsAttributed() {
    Instant now = api.engineNow();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    UUID id = account(product + "-ONE", "1000.00", 75);
    api.awaitEvent(id, "REMINDER_SENT", 1);
    jdbc.sql("update collection_case set opened_at = opened_at - interval '30 days' where id = :id").param("id", id)
        .update();
    jdbc.sql("insert into contact_attempt (case_id, channel, attempted_at, outcome, guard_allowed, guard_rule, agent)"
            + " values (:id, 'CALL', :at, 'RIGHT_PARTY_CONTACT', true, 'ALLOW', 'agent2')")
        .param("id", id).param("at", Timestamp.from(api.engineNow())).update();
    api.body(api.pay(id, "400.00", "USD", Api.unique("kpi")), HttpStatus.CREATED);
    String period = "from=" + today.minusDays(20) + "&to=" + today.plusDays(1) + "&product=" + product;

    JsonNode k = api.as("manager").get("/api/metrics/kpis?" + period);
    assertThat(k.path("openCases").asLong()).isEqualTo(1);
    assertThat(k.path("recovery").get(0).path("rate").decimalValue()).isEqualByComparingTo("0.4");
    assertThat(k.path("cure").toString()).isEqualTo("{\"entered\":0,\"cured\":0,\"rate\":null}");
    assertThat(k.path("rollRates").toString()).isEqualTo("[{\"from\":\"1-30\",\"to\":\"31-60\",\"base\":0,"
        + "\"rolled\":0,\"rate\":null},{\"from\":\"31-60\",\"to\":\"61-90\",\"base\":1,\"rolled\":1,"
        + "\"rate\":1.0},{\"from\":\"61-90\",\"to\":\"90+\",\"base\":0,\"rolled\":0,\"rate\":null}]");
    assertThat(k.path("agents").toString()).isEqualTo(
        "[{\"agent\":\"agent2\",\"tasksCompleted\":0,\"contacts\":1,\"promises\":0,\"collected\":{\"USD\":400.0}}]");
    // the trend: one point a day; the case was in 31-60 at the end of the first day, in 61-90 now, and paid today
    JsonNode trend = k.path("trend");
    assertThat(trend.path("step").asText()).isEqualTo("DAY");
    assertThat(trend.path("points").size()).isEqualTo(21);
    JsonNode first = trend.path("points").get(0);
    assertThat(first.path("date").asText()).isEqualTo(today.minusDays(20).toString());
    assertThat(first.path("openCases").asLong()).isEqualTo(1);
    assertThat(first.path("aging").path("31-60").asLong()).isEqualTo(1);
    assertThat(first.path("collected").size()).isZero();
    JsonNode last = trend.path("points").get(20);
    assertThat(last.path("date").asText()).isEqualTo(today.toString());
    assertThat(last.path("aging").path("61-90").asLong()).isEqualTo(1);
    assertThat(last.path("collected").path("USD").decimalValue()).isEqualByComparingTo("400.00");

    // people filters: agent2 worked the case; agent did not; the team "agents" includes agent2, "field-agents" does not
    assertThat(api.as("manager").get("/api/metrics/kpis?" + period + "&agent=agent2").path("openCases").asLong())
        .isEqualTo(1);
    JsonNode notWorked = api.as("manager").get("/api/metrics/kpis?" + period + "&agent=agent");
    assertThat(notWorked.path("openCases").asLong()).isZero();
    assertThat(notWorked.path("agents").size()).isZero();
    assertThat(api.as("manager").get("/api/metrics/kpis?" + period + "&team=agents").path("agents").get(0)
        .path("agent").asText()).isEqualTo("agent2");
    assertThat(api.as("manager").get("/api/metrics/kpis?" + period + "&team=field-agents").path("openCases").asLong())
        .isZero();
    // case filters: the strategy the DMN chose, and the case process version
    String strategy = jdbc.sql("select strategy from collection_case where id = :id").param("id", id)
        .query(String.class).single();
    assertThat(api.as("manager").get("/api/metrics/kpis?" + period + "&strategy=" + strategy).path("openCases")
        .asLong()).isEqualTo(1);
    assertThat(api.as("manager").get("/api/metrics/kpis?" + period + "&strategy=none").path("openCases").asLong())
        .isZero();
    assertThat(api.as("manager").get("/api/metrics/kpis?" + period + "&modelVersion=1").path("openCases").asLong())
        .isEqualTo(1);
    assertThat(api.as("manager").get("/api/metrics/kpis?" + period + "&modelVersion=99").path("openCases").asLong())
        .isZero();

    // the monthly report against an amount target: 400 of 1,000 USD collected
    assertThat(api.as("manager").put("/api/metrics/targets/agent2/MONTHLY",
        "{\"tasks\":10,\"contacts\":9,\"promises\":1,\"collected\":1000,\"currency\":\"USD\"}").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(api.as("manager").put("/api/metrics/targets/agent2/MONTHLY",
        "{\"tasks\":10,\"contacts\":9,\"promises\":1,\"collected\":1000}").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST); // an amount without its currency
    // a currency that does not exist, a count nobody can reach, a person who takes no tasks
    for (String[] bad : new String[][] {{"agent2", "{\"tasks\":1,\"contacts\":1,\"promises\":1,\"collected\":{\"ABC\":5}}"},
        {"agent2", "{\"tasks\":2147483647,\"contacts\":1,\"promises\":1}"},
        {"manager", "{\"tasks\":1,\"contacts\":1,\"promises\":1}"}}) {
      assertThat(api.as("manager").put("/api/metrics/targets/" + bad[0] + "/DAILY", bad[1]).getStatusCode())
          .as(bad[1]).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    JsonNode monthly = api.as("manager").get("/api/metrics/reports/monthly?date=" + today + "&product=" + product
        + "&agent=agent2");
    assertThat(monthly.path("from").asText()).isEqualTo(today.withDayOfMonth(1).toString());
    assertThat(monthly.path("to").asText()).isEqualTo(today.withDayOfMonth(1).plusMonths(1).toString());
    JsonNode line = monthly.path("lines").get(0);
    assertThat(line.path("collected").path("USD").decimalValue()).isEqualByComparingTo("400.00");
    assertThat(line.path("collectedAchievement").path("USD").decimalValue()).isEqualByComparingTo("0.4");
    assertThat(line.path("achievement").decimalValue()).isEqualByComparingTo("0.05"); // 1 contact of 20 expected
    var csv = api.as("manager").http().getForEntity("/api/metrics/reports/monthly?date=" + today + "&product="
        + product + "&agent=agent2&format=csv", String.class);
    assertThat(csv.getBody()).isEqualTo("agent,teams,tasks,tasksTarget,contacts,contactsTarget,promises,promisesTarget,"
        + "collectedUSD,collectedTargetUSD,collectedAchievementUSD,achievement\n"
        + "agent2,agents,0,10,1,9,0,1,400.00,1000.00,0.4000,0.0500\n");
    assertThat(api.as("manager").http().getForEntity("/api/metrics/reports/yearly?date=" + today, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }
}
