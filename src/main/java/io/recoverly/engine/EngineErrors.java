package io.recoverly.engine;

import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;

/** Reading the engine's answers out of the exceptions the Camunda client throws (often wrapped). */
public final class EngineErrors {

  private EngineErrors() {}

  /** True when the exception, or one of its causes, is the engine answering with this gRPC status. */
  public static boolean hasStatus(Throwable error, Status.Code code) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ClientStatusException status && status.getStatusCode() == code) {
        return true;
      }
    }
    return false;
  }
}
