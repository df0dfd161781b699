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
 */
@Configuration(proxyBeanMethods = false)
class TechnicalFailures {

  /** The retries our BPMN models give every service task: the first failure waits the base backoff. */
  static final int MODEL_RETRIES = 5;

  @Bean
  JobExceptionHandlingStrategy jobExceptionHandlingStrategy(CommandExceptionHandlingStrategy commands,
      MetricsRecorder metrics, @Value("${recoverly.jobs.retry-backoff:PT2S}") Duration base,
      @Value("${recoverly.jobs.max-retry-backoff:PT1M}") Duration max) {
    DefaultJobExceptionHandlingStrategy client = new DefaultJobExceptionHandlingStrategy(commands, metrics);
    return (exception, context) -> client.handleException(exception instanceof CamundaError ? exception
        : withBackoff(exception, context.job(), base, max), context);
  }

  static JobError withBackoff(Exception exception, ActivatedJob job, Duration base, Duration max) {
    return new JobError(exception.getClass().getSimpleName() + ": " + exception.getMessage(), null,
        Math.max(0, job.getRetries() - 1), backoff(job.getRetries(), base, max), exception);
  }

  /** base × 2^(failures so far), at most max; the failures so far are the retries the job has already used. */
  static Duration backoff(int remainingRetries, Duration base, Duration max) {
    int failures = Math.max(0, Math.min(20, MODEL_RETRIES - remainingRetries));
    Duration backoff = base.multipliedBy(1L << failures);
    return backoff.compareTo(max) > 0 ? max : backoff;
  }
}
