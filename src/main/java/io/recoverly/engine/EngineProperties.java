package io.recoverly.engine;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code recoverly.engine.*}.
 *
 * @param mode embedded (default) or cluster
 * @param port gRPC port of the embedded engine's gateway (the Camunda client's grpc-address points at it)
 * @param state where the embedded engine keeps its state: {@code rocksdb} (default, flat at portfolio scale) or
 *     {@code in-memory} (the stock test engine, kept for comparison)
 * @param dataDir parent directory of the RocksDB state (a fresh subdirectory per start, deleted on stop; default
 *     {@code <java.io.tmpdir>/recoverly-engine})
 * @param retainLog keep every log record so a test can read the record stream (memory grows without bound)
 * @param clockStart embedded mode: move the engine clock to this instant at start when it is still ahead (demos and
 *     tests that need a known time of day: contact hours depend on it)
 */
@ConfigurationProperties("recoverly.engine")
record EngineProperties(
    @DefaultValue("embedded") EngineMode mode,
    @DefaultValue("26500") int port,
    @DefaultValue("rocksdb") StateStore state,
    Path dataDir,
    @DefaultValue("false") boolean retainLog,
    java.time.Instant clockStart) {

  EngineProperties {
    if (dataDir == null) {
      dataDir = Path.of(System.getProperty("java.io.tmpdir"), "recoverly-engine");
    }
  }

  enum StateStore {
    ROCKSDB,
    IN_MEMORY
  }
}
