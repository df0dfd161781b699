package io.recoverly.negotiation;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Job types {@code record-promise} and {@code check-promise}. Public only for the Camunda client's reflection. */
@Component
public class PromiseWorkers {

  private final Promises promises;

  private final io.recoverly.cases.Cases cases;

  PromiseWorkers(Promises promises, io.recoverly.cases.Cases cases) {
    this.promises = promises;
    this.cases = cases;
  }

  @JobWorker(type = "record-promise", fetchVariables = {"caseId", "promiseAmount", "promiseDate"})
  public Map<String, Object> recordPromise(@Variable String caseId, @Variable BigDecimal promiseAmount,
      @Variable String promiseDate) {
    var promise = promises.record(UUID.fromString(caseId), promiseAmount,
        promiseDate == null ? null : LocalDate.parse(promiseDate.substring(0, 10)));
    cases.expectActivity(UUID.fromString(caseId), java.time.Instant.parse(promise.checkAt()));
    return Map.of("promiseId", promise.id().toString(), "promiseCheckAt", promise.checkAt());
  }

  @JobWorker(type = "check-promise", fetchVariables = {"caseId"})
  public Map<String, Object> checkPromise(@Variable String caseId) {
    var checked = promises.check(UUID.fromString(caseId));
    return Map.of("promiseKept", checked.kept(), "brokenPromises", checked.brokenPromises());
  }
}
