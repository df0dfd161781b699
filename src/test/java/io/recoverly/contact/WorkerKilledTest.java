package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.response.ActivatedJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.recoverly.engine.Engine;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A worker killed in the middle of a job: it sent the reminder (the outbox row and the attempt are committed) and then
 * never answered the engine. The job times out and is delivered again; the second delivery finds the side effects
 * by the job's key, sends no second SMS, records no second attempt, and the process carries on.
 */
@Import(WorkerKilledTest.KillTheFirstReminder.class)
@TestPropertySource(properties = "camunda.client.execution-threads=4") // the dead worker holds one thread
class WorkerKilledTest extends ApiTestSupport {

  @Autowired MeterRegistry meters;
  @Autowired Engine engine;

  /** Once armed, the next send-reminder worker does its work and then hangs, as a killed process would. */
  @TestConfiguration(proxyBeanMethods = false)
  @Aspect
  static class KillTheFirstReminder {
    static volatile boolean armed;
    static volatile String victim;
    static final CountDownLatch killed = new CountDownLatch(1);
    static final CountDownLatch buried = new CountDownLatch(1);

    @Around("execution(* io.recoverly.contact.ReminderWorker.sendReminder(..)) && args(job, caseId, ..)")
    Object kill(ProceedingJoinPoint call, ActivatedJob job, String caseId) throws Throwable {
      Object result = call.proceed();
      if (armed) {
        armed = false;
        victim = caseId;
        killed.countDown();
        buried.await(2, TimeUnit.MINUTES); // never answers; the test ends it
        throw new IllegalStateException("this worker was killed after its side effects");
      }
      return result;
    }
  }

  @AfterAll
  static void bury() {
    KillTheFirstReminder.buried.countDown();
  }

  @Test
  void aWorkerKilledMidJobSendsNothingTwiceWhenTheJobIsRedelivered() throws Exception {
    long completedBefore = completed();
    KillTheFirstReminder.armed = true;
    UUID caseId = api.importAccount(Api.unique("KILLED") + "-1", "500.00");
    assertThat(KillTheFirstReminder.killed.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(KillTheFirstReminder.victim).isEqualTo(caseId.toString());
    Map<String, Long> sent = rows(caseId);
    assertThat(sent.get("sms")).isEqualTo(1);

    // the job's lease (5 minutes) runs out on the engine clock; the engine hands the job out again
    engine.advanceClock(Duration.ofMinutes(6));
    await().atMost(Duration.ofSeconds(30)).until(() -> completed() > completedBefore);
    assertThat(rows(caseId)).as("nothing sent or recorded twice").isEqualTo(sent);
    // the redelivered job completed: the process went on to the call after the cadence timer
    api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    assertThat(rows(caseId).get("sms")).isEqualTo(1);
  }

  private long completed() {
    Timer timer = meters.find("recoverly.job.worker").tags("type", "send-reminder", "outcome", "completed").timer();
    return timer == null ? 0 : timer.count();
  }

  private Map<String, Long> rows(UUID caseId) {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("sms", jdbc.sql("select count(*) from outbound_message where case_id = :id and channel = 'SMS'")
        .param("id", caseId).query(Long.class).single());
    rows.put("messages", jdbc.sql("select count(*) from outbound_message where case_id = :id").param("id", caseId)
        .query(Long.class).single());
    rows.put("attempts", jdbc.sql("select count(*) from contact_attempt where case_id = :id").param("id", caseId)
        .query(Long.class).single());
    rows.put("reminders", (long) api.count(caseId, "REMINDER_SENT"));
    return rows;
  }
}
