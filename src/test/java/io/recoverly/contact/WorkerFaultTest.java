package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A database outage in the middle of a worker step: the database refuses the step's writes (a trigger raises, as a
 * failing statement or a lost connection would), the worker's transaction rolls back whole, the job fails with a
 * backoff instead of burning its retries at once, and the retry after the outage succeeds: the case ends up with the
 * same rows as a case that never saw the outage, and no incident.
 */
class WorkerFaultTest extends ApiTestSupport {

  @Autowired MeterRegistry meters;

  private final String prefix = Api.unique("DBDOWN");

  @AfterEach
  void endTheOutage() {
    jdbc.sql("delete from fault_injection where prefix = :p").param("p", prefix).update();
  }

  @Test
  void aDatabaseOutageDuringAReminderIsRetriedWithBackoffAndLeavesNoPartialRows() {
    // outbound messages of accounts whose reference starts with the prefix cannot be written while it is listed
    jdbc.sql("create table if not exists fault_injection (prefix varchar(100) primary key)").update();
    jdbc.sql("""
        create or replace function fault_injection() returns trigger language plpgsql as $$
        begin
          if exists (select 1 from fault_injection f join account a on a.account_ref like f.prefix || '%'
                       join collection_case c on c.account_id = a.id where c.id = new.case_id) then
            raise exception 'simulated database outage';
          end if;
          return new;
        end $$""").update();
    jdbc.sql("drop trigger if exists fault_injection on outbound_message").update();
    jdbc.sql("create trigger fault_injection before insert on outbound_message for each row"
        + " execute function fault_injection()").update();
    jdbc.sql("insert into fault_injection (prefix) values (:p)").param("p", prefix).update();
    long failuresBefore = failures();

    UUID control = api.importAccount(Api.unique("DBFINE") + "-1", "500.00");
    UUID hit = api.importAccount(prefix + "-1", "500.00");
    api.awaitEvent(control, "REMINDER_SENT", 1);
    // the reminder step of the case hit by the outage fails, and nothing of it stays
    await().atMost(Duration.ofSeconds(20)).until(() -> failures() > failuresBefore);
    Instant failedAt = Instant.now();
    assertThat(rows(hit).values()).as("no partial rows").containsOnly(0L);

    // the outage ends; the job comes back after its backoff and the step goes through once
    endTheOutage();
    api.awaitEvent(hit, "REMINDER_SENT", 1);
    assertThat(Duration.between(failedAt, Instant.now())).as("retried after a backoff, not at once")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    assertThat(rows(hit)).isEqualTo(rows(control)).doesNotContainValue(0L);
    assertThat(api.eventTypes(hit)).doesNotContain("INCIDENT");
  }

  /** Failed send-reminder jobs, as the worker timer counts them. */
  private long failures() {
    Timer timer = meters.find("recoverly.job.worker").tags("type", "send-reminder", "outcome", "failed").timer();
    return timer == null ? 0 : timer.count();
  }

  /** What one first reminder writes: messages, attempts, the validation notice and the reminder on the timeline. */
  private Map<String, Long> rows(UUID caseId) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String sql : new String[] {"select count(*) from outbound_message where case_id = :id",
        "select count(*) from contact_attempt where case_id = :id",
        "select count(*) from validation_notice where case_id = :id",
        "select count(*) from case_event where case_id = :id and type = 'REMINDER_SENT'"}) {
      rows.put(sql, jdbc.sql(sql).param("id", caseId).query(Long.class).single());
    }
    return rows;
  }
}
