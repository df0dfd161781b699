package io.recoverly.support;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.recoverly.tasks.TaskCompleted;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.event.EventListener;

/**
 * Faults the tests inject into the running app (off unless a test arms them):
 * <ul>
 *   <li>engine answers lost: the engine executes a command, and the app's client sees UNAVAILABLE instead of its
 *       answer (gRPC interceptor on the Camunda client), for the next N commands of the given kinds or at random;</li>
 *   <li>a failure while a task's submission is being recorded (after the task's rows are written, before the
 *       commit), as a lost database connection would cause.</li>
 * </ul>
 */
public class Faults implements ClientInterceptor {

  /** gRPC methods whose answers can be dropped: the app's commands, not the workers' job activation. */
  public static final Set<String> COMMANDS = Set.of("CompleteJob", "PublishMessage", "CreateProcessInstance",
      "FailJob", "ThrowError");

  private final AtomicInteger dropNext = new AtomicInteger();
  private volatile Set<String> dropMethods = COMMANDS;
  private volatile double dropRate;
  private final Random random = new Random(17);
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile String failRecordingMarker;
  private final AtomicInteger failedJobs = new AtomicInteger();

  /** How many times a worker failed a job so far (a technical failure: the step will be retried, then an incident). */
  public int failedJobs() {
    return failedJobs.get();
  }

  /** Drops the answers to the next {@code count} commands of these gRPC methods (e.g. "CompleteJob"). */
  public void dropNextAnswers(int count, String... methods) {
    dropMethods = Set.of(methods);
    dropNext.set(count);
  }

  /** Drops this share of the answers to the app's commands, at random (0 turns it off). */
  public void dropAnswersAtRandom(double rate) {
    dropMethods = COMMANDS;
    dropRate = rate;
  }

  /** How many answers were dropped so far. */
  public int dropped() {
    return dropped.get();
  }

  /** Makes the recording of a task submission fail when one of its values equals this marker (null: never). */
  public void failRecordingWhenSubmitted(String marker) {
    failRecordingMarker = marker;
  }

  public void reset() {
    dropNext.set(0);
    dropRate = 0;
    failRecordingMarker = null;
  }

  @EventListener
  void onTaskCompleted(TaskCompleted completed) {
    String marker = failRecordingMarker;
    if (marker != null && completed.variables().containsValue(marker)) {
      throw new IllegalStateException("test fault: the database connection was lost while recording the submission");
    }
  }

  private boolean drop(String method) {
    if (!dropMethods.contains(method)) {
      return false;
    }
    if (dropNext.get() > 0 && dropNext.getAndDecrement() > 0) {
      return true;
    }
    double rate = dropRate;
    synchronized (random) {
      return rate > 0 && random.nextDouble() < rate;
    }
  }

  @Override
  public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
    ClientCall<Q, A> call = next.newCall(method, options);
    if ("FailJob".equals(method.getBareMethodName())) {
      failedJobs.incrementAndGet();
    }
    if (!drop(method.getBareMethodName())) {
      return call;
    }
    dropped.incrementAndGet();
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<A> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onMessage(A message) {
            // the engine answered; the answer is lost on the way
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            super.onClose(Status.UNAVAILABLE.withDescription("test fault: the engine's answer was lost"), trailers);
          }
        }, headers);
      }
    };
  }
}
