package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Incidents in both modes, one path: a worker of the app failing a job's last retry records the incident itself (in
 * cluster mode there is no engine feed); the embedded feed's report of the same incident adds its key to the same row,
 * not a second one. A supervisor retries it from the app: the job runs again, the incident is resolved and the retry
 * is on the case's timeline (and so in the audit trail); other roles may look but not retry.
 */
@Import(IncidentRetryTest.FailingWorker.class)
class IncidentRetryTest extends ApiTestSupport {

  @Autowired CamundaClient client;
  @Autowired FailingWorker worker;

  /** A provider that is down until the test says otherwise. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class FailingWorker {
    // reached through methods: the app's worker timer (an aspect) proxies every worker bean
    private final AtomicBoolean providerDown = new AtomicBoolean(true);
    private final AtomicInteger succeeded = new AtomicInteger();

    public void providerBack() {
      providerDown.set(false);
    }

    public int succeeded() {
      return succeeded.get();
    }

    @JobWorker(type = "incident-probe-send")
    public void send() {
      if (providerDown.get()) {
        throw new IllegalStateException("the provider did not answer");
      }
      succeeded.incrementAndGet();
    }
  }

  @Test
  void aWorkersLastFailureIsOneIncidentThatASupervisorRetries() {
    UUID caseId = api.importAccount(Api.unique("WORKER-INCIDENT") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("worker-incident-probe")
        .startEvent().serviceTask("send-probe", t -> t.zeebeJobType("incident-probe-send").zeebeJobRetries("1"))
        .endEvent().done(), "worker-incident-probe.bpmn").send().join();
    long instance = client.newCreateInstanceCommand().bpmnProcessId("worker-incident-probe").latestVersion()
        .variables(Map.of("caseId", caseId.toString())).send().join().getProcessInstanceKey();

    await().atMost(Duration.ofSeconds(20)).until(() -> api.eventTypes(caseId).contains("INCIDENT"));
    // the feed has seen it too (it adds the incident key): still one incident, one timeline event
    await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
            "select incident_key is not null from engine_incident where process_instance_key = :k")
        .param("k", instance).query(Boolean.class).single());
    assertThat(jdbc.sql("select count(*) from engine_incident where process_instance_key = :k").param("k", instance)
        .query(Long.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("select source from engine_incident where process_instance_key = :k").param("k", instance)
        .query(String.class).single()).isEqualTo("WORKER");
    assertThat(api.count(caseId, "INCIDENT")).isEqualTo(1);

    var open = api.as("supervisor").get("/api/incidents");
    String incidentId = null;
    for (var incident : open) {
      if (caseId.toString().equals(incident.path("caseId").asText())) {
        incidentId = incident.path("id").asText();
        assertThat(incident.path("elementId").asText()).isEqualTo("send-probe");
        assertThat(incident.path("jobType").asText()).isEqualTo("incident-probe-send");
        assertThat(incident.path("errorMessage").asText()).contains("the provider did not answer");
      }
    }
    assertThat(incidentId).as("the open incident is listed for supervisors").isNotNull();
    assertThat(api.as("agent").post("/api/incidents/" + incidentId + "/retry", "", MediaType.APPLICATION_JSON)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("manager").post("/api/incidents/" + incidentId + "/retry", "", MediaType.APPLICATION_JSON)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    worker.providerBack();
    var retried = api.body(api.as("supervisor").post("/api/incidents/" + incidentId + "/retry", "",
        MediaType.APPLICATION_JSON), HttpStatus.OK);
    assertThat(retried.path("resolved").asBoolean()).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> worker.succeeded() == 1);
    assertThat(api.eventTypes(caseId)).contains("INCIDENT_RETRIED");
    assertThat(jdbc.sql("select count(*) from audit_event where case_id = :c and action = 'INCIDENT_RETRIED'"
        + " and actor = 'supervisor'").param("c", caseId).query(Long.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("select state from engine_incident where id = :id").param("id", UUID.fromString(incidentId))
        .query(String.class).single()).isEqualTo("RESOLVED");
    // a second retry (another supervisor, a double click) is a conflict, not a second command
    assertThat(api.as("supervisor").post("/api/incidents/" + incidentId + "/retry", "", MediaType.APPLICATION_JSON)
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(api.as("supervisor").post("/api/incidents/" + UUID.randomUUID() + "/retry", "",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }
}
