package io.recoverly.engine;

import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Commands about single jobs and incidents, for the task store and the supervisors' incident retry. */
@Service
public class EngineJobs {

  private static final Logger log = LoggerFactory.getLogger(EngineJobs.class);
  private static final Duration ANSWER = Duration.ofSeconds(10);

  private final CamundaClient client;
  private final Engine engine;

  EngineJobs(CamundaClient client, Engine engine) {
    this.client = client;
    this.engine = engine;
  }

  /**
   * Keeps a job activated for this long (a user task that waits for a person). Called after the job is on record: a
   * node that dies before the call leaves the job to its short activation timeout, after which any node takes it
   * again (and finds it on record). False when the engine did not take it (it is then handed out again, harmlessly).
   */
  public boolean hold(long jobKey, Duration duration) {
    try {
      client.newUpdateTimeoutCommand(jobKey).timeout(duration).send().join(ANSWER.toSeconds(),
          java.util.concurrent.TimeUnit.SECONDS);
      return true;
    } catch (RuntimeException e) {
      log.debug("job {} not held: {}", jobKey, e.toString());
      return false;
    }
  }

  /** What a retry did. */
  public record Retried(boolean retriesRestored, boolean incidentResolved, String detail) {}

  /**
   * Retries an incident: the job gets {@code retries} again, then the incident is resolved, so the engine hands the
   * job out once more. The incident key comes from the embedded engine's feed; when only a worker saw the incident
   * (cluster mode) it is looked up through the cluster's REST API (Operate's data); when neither knows it, the retries
   * are restored and the answer says so.
   *
   * @throws EngineUnavailable when the engine does not answer
   */
  public Retried retry(long jobKey, long incidentKey, int retries) {
    boolean restored = false;
    try {
      if (jobKey > 0) {
        client.newUpdateRetriesCommand(jobKey).retries(retries).send().join(ANSWER.toSeconds(),
            java.util.concurrent.TimeUnit.SECONDS);
        restored = true;
      }
      long key = incidentKey > 0 ? incidentKey : jobKey > 0 ? lookUpIncident(jobKey).orElse(0L) : 0L;
      if (key == 0) {
        return new Retried(restored, false, "the engine's incident key is not known here: resolve the incident in"
            + " Operate (its job has its retries again)");
      }
      client.newResolveIncidentCommand(key).send().join(ANSWER.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      return new Retried(restored, true, "retried");
    } catch (RuntimeException e) {
      if (EngineErrors.hasStatus(e, io.grpc.Status.Code.NOT_FOUND)) {
        // the job or incident is gone: resolved elsewhere (Operate, another supervisor) or its process moved on
        return new Retried(restored, true, "already resolved in the engine");
      }
      throw new EngineUnavailable(e.getMessage());
    }
  }

  private Optional<Long> lookUpIncident(long jobKey) {
    if (engine.mode() != EngineMode.CLUSTER) {
      return Optional.empty();
    }
    try {
      return client.newIncidentSearchRequest().filter(f -> f.jobKey(jobKey)).send()
          .join(ANSWER.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
          .items().stream().map(i -> i.getIncidentKey()).findFirst();
    } catch (RuntimeException e) {
      log.info("incident of job {} not found through the REST API: {}", jobKey, e.toString());
      return Optional.empty();
    }
  }

  /** The engine did not answer a command. */
  public static class EngineUnavailable extends RuntimeException {
    EngineUnavailable(String message) {
      super(message);
    }
  }
}
