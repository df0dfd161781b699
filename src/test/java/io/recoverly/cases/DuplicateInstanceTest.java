package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A case runs in one process instance. A second instance for the same case (a start whose answer was lost and was
 * then retried) is canceled at its first stage, before it can contact the debtor.
 */
class DuplicateInstanceTest extends ApiTestSupport {

  @Autowired CamundaClient client;

  @Test
  void aSecondInstanceForACaseCancelsItselfBeforeAnyContact() {
    UUID caseId = api.importAccount(Api.unique("DUP") + "-1", "450.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    long owner = jdbc.sql("select process_instance_key from collection_case where id = :id").param("id", caseId)
        .query(Long.class).single();

    long duplicate = client.newCreateInstanceCommand().bpmnProcessId("collection-case").latestVersion()
        .variables(Map.of("caseId", caseId.toString(), "contactCycles", 0, "escalationRefused", false,
            "strategy", Map.of("strategy", "gentle", "firstChannel", "SMS", "cadence", "P5D")))
        .startBeforeElement("contact-stage").send().join().getProcessInstanceKey();

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
        jdbc.sql("select count(*) from case_event where case_id = :id and type in ('STAGE_ENTERED', 'REMINDER_SENT')")
            .param("id", caseId).query(Long.class).single() == 2);
    assertThat(duplicate).isNotEqualTo(owner);
    assertThat(jdbc.sql("select process_instance_key from collection_case where id = :id").param("id", caseId)
        .query(Long.class).single()).isEqualTo(owner);
    assertThat(jdbc.sql("select count(*) from outbound_message where case_id = :id and template = 'payment-reminder'")
        .param("id", caseId).query(Long.class).single()).isOne();
  }
}
