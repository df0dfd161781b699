package io.recoverly.engine;

/** Where the Zeebe engine runs. */
public enum EngineMode {
  /** The real Zeebe engine inside this application, with a controllable clock. */
  EMBEDDED,
  /** An external Camunda 8.8 orchestration cluster. */
  CLUSTER
}
