package io.recoverly.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.micrometer.core.instrument.MeterRegistry;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** An incident in a case's process shows on the case's timeline and in the metrics, instead of staying silent. */
class IncidentFeedTest extends ApiTestSupport {

  @Autowired CamundaClient client;
  @Autowired MeterRegistry meters;

  @Test
  void anIncidentInACasesProcessLandsOnItsTimeline() {
    UUID caseId = api.importAccount(Api.unique("INCIDENT") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    double before = meters.counter("recoverly.engine.incidents").count();
    // a process whose step fails for good (a job out of retries): the engine raises an incident
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("incident-probe").startEvent()
        .serviceTask("broken-step", t -> t.zeebeJobType("probe-job").zeebeJobRetries("1"))
        .endEvent().done(), "incident-probe.bpmn").send().join();
    long probe = client.newCreateInstanceCommand().bpmnProcessId("incident-probe").latestVersion()
        .variables(Map.of("caseId", caseId.toString())).send().join().getProcessInstanceKey();
    // stand the probe in for the case's instance
    jdbc.sql("update collection_case set process_instance_key = :key where id = :id").param("key", probe)
        .param("id", caseId).update();
    var job = await().atMost(Duration.ofSeconds(10)).until(() -> client.newActivateJobsCommand().jobType("probe-job")
        .maxJobsToActivate(1).send().join().getJobs(), jobs -> !jobs.isEmpty()).getFirst();
    client.newFailCommand(job.getKey()).retries(0).errorMessage("provider rejected the request").send().join();

    await().atMost(Duration.ofSeconds(20)).until(() -> api.eventTypes(caseId).contains("INCIDENT"));
    var incident = api.get("/api/cases/" + caseId + "/timeline").findValues("type").stream()
        .filter(t -> t.asText().equals("INCIDENT")).findFirst();
    assertThat(incident).isPresent();
    assertThat(api.get("/api/cases/" + caseId + "/timeline").toString()).contains("broken-step")
        .contains("JOB_NO_RETRIES").contains("provider rejected the request");
    assertThat(meters.counter("recoverly.engine.incidents").count()).isGreaterThan(before);
  }
}
