package io.recoverly.metrics;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.exception.BpmnError;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.stereotype.Component;

/**
 * Job worker latency on /actuator/prometheus: {@code recoverly_job_worker_seconds{type, outcome}} times every
 * {@code @JobWorker} method, outcome completed (returned), bpmn-error (a business outcome) or failed (threw: the job
 * fails and is retried with backoff). The Camunda client counts activations and completions by itself
 * ({@code camunda_job_invocations_total}) but does not time the work.
 */
@Aspect
@Component
class JobWorkerTimer {

  private final MeterRegistry meters;

  JobWorkerTimer(MeterRegistry meters) {
    this.meters = meters;
  }

  @Around("@annotation(worker)")
  Object time(ProceedingJoinPoint call, JobWorker worker) throws Throwable {
    long start = System.nanoTime(); // a duration, not business time: the engine clock does not apply
    String outcome = "failed";
    try {
      Object result = call.proceed();
      outcome = "completed";
      return result;
    } catch (BpmnError e) {
      outcome = "bpmn-error";
      throw e;
    } finally {
      Timer.builder("recoverly.job.worker").description("Time a job worker spent on a job")
          .tag("type", worker.type()).tag("outcome", outcome).register(meters)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
