package io.recoverly.engine;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Technical failures of job workers (a database outage, a provider that does not answer, any exception that is not a
 * business outcome) fail the job with one retry less and an exponential backoff: by default 2 s, 4 s, 8 s and 16 s
 * for the 5 retries our models give, then the incident. The Camunda client's own handling would retry at once, so a
 * short outage would burn every retry within milliseconds. Business outcomes ({@code CamundaError.bpmnError}) and
 * failures a worker shapes itself ({@code CamundaError.jobError}) are handled by the client as they are.
 *
 * <p>A failure that leaves the job no retries is an incident: it is published as an {@link EngineIncident} (source
 * WORKER) before the engine is told, so the app records it in both modes (a cluster offers no incident feed).
 */
@Configuration(proxyBeanMethods = false)
class TechnicalFailures {

  /** The retries our BPMN models give every service task: the first failure waits the base backoff. */
  static final int MODEL_RETRIES = 5;

  @Bean
  JobExceptionHandlingStrategy jobExceptionHandlingStrategy(CommandExceptionHandlingStrategy commands,
      MetricsRecorder metrics, @Value("${recoverly.jobs.retry-backoff:PT2S}") Duration base,
      @Value("${recoverly.jobs.max-retry-backoff:PT1M}") Duration max,
      org.springframework.context.ApplicationEventPublisher events) {
    DefaultJobExceptionHandlingStrategy client = new DefaultJobExceptionHandlingStrategy(commands, metrics);
    return (exception, context) -> {
      Exception handled = exception instanceof CamundaError ? exception
          : withBackoff(exception, context.job(), base, max);
      if (handled instanceof JobError error && lastRetry(error, context.job())) {
        try {
          events.publishEvent(workerIncident(context.job(), error.getErrorMessage()));
        } catch (RuntimeException e) {
          // the incident stays visible in the engine (Operate); the job's failure must still reach it
          org.slf4j.LoggerFactory.getLogger(TechnicalFailures.class)
              .warn("incident of job {} not recorded: {}", context.job().getKey(), e.toString());
        }
      }
      client.handleException(handled, context);
    };
  }

  /** True when this failure leaves the job no retries (a JobError without retries takes one off, as the client does). */
  static boolean lastRetry(JobError error, ActivatedJob job) {
    int remaining = error.getRetries() != null ? error.getRetries() : job.getRetries() - 1;
    return remaining <= 0;
  }

  static EngineIncident workerIncident(ActivatedJob job, String message) {
    Object caseId = null;
    try {
      caseId = job.getVariablesAsMap().get("caseId");
    } catch (RuntimeException e) {
      // variables that do not parse: the incident is still recorded, without its case
    }
    return new EngineIncident(job.getProcessInstanceKey(), 0, job.getBpmnProcessId(), job.getElementId(),
        "JOB_NO_RETRIES", message, job.getKey(), 0, caseId == null ? null : caseId.toString(), job.getType(),
        EngineIncident.Source.WORKER);
  }

  static JobError withBackoff(Exception exception, ActivatedJob job, Duration base, Duration max) {
    // the client wraps a worker's exception ("Failed to invoke method"): the cause is what Operate and the app show
    Throwable cause = exception;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return new JobError(cause.getClass().getSimpleName() + ": " + cause.getMessage(), null,
        Math.max(0, job.getRetries() - 1), backoff(job.getRetries(), base, max), exception);
  }

  /** base × 2^(failures so far), at most max; the failures so far are the retries the job has already used. */
  static Duration backoff(int remainingRetries, Duration base, Duration max) {
    int failures = Math.max(0, Math.min(20, MODEL_RETRIES - remainingRetries));
    Duration backoff = base.multipliedBy(1L << failures);
    return backoff.compareTo(max) > 0 ? max : backoff;
  }
}
