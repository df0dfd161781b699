package io.recoverly.engine;

import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.value.incident.IncidentRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.RecoverlyGatewayAccess;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.util.FeatureFlags;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Zeebe engine as the broker runs it for one partition (engine processors on a stream processor), with its state
 * in RocksDB ({@code io.camunda:zeebe-db}) instead of the test engine's in-memory store, a {@link BoundedLogStorage}
 * log, and the test engine's gRPC gateway in front. Wired here from the engine's public API; only the gateway pieces
 * come through {@link RecoverlyGatewayAccess}.
 *
 * <p>Why: the test engine's in-memory store copies the whole state on every iteration, so each command costs O(state)
 * and a portfolio O(n²); RocksDB does not. Why the log is bounded: the test engine keeps every record forever.
 *
 * <p>The state directory is created empty on start and deleted on stop: the log lives in memory, so state and log
 * begin together.
 */
final class RocksDbZeebeEngine implements ZeebeTestEngine {

  private static final Logger log = LoggerFactory.getLogger(RocksDbZeebeEngine.class);
  private static final int PARTITION_ID = 1;
  private static final Duration RELEASE_INTERVAL = Duration.ofMillis(250);

  private final ControlledActorClock clock = new ControlledActorClock();
  private final Path stateDirectory;
  private final boolean retainLog;
  private final ActorScheduler scheduler;
  private final BoundedLogStorage logStorage = new BoundedLogStorage();
  private final LogStream logStream;
  private final RecoverlyGatewayAccess.Gateway gateway;
  private final Server server;
  private final ZeebeDb<ZbColumnFamilies> db;
  private final StreamProcessor streamProcessor;
  private final ScheduledExecutorService releaser;
  private volatile RecordStreamSource recordStream;
  private LogStreamReader incidentReader;
  private volatile long feedPosition = -1;
  private final List<Consumer<EngineIncident>> incidentListeners = new CopyOnWriteArrayList<>();
  private final RecordMetadata metadata = new RecordMetadata();

  /**
   * @param port gRPC port, bound on the loopback interface only
   * @param stateParent where the RocksDB state directory is created
   * @param meters receives the engine's own metrics (stream processor, log stream, RocksDB) and ours
   * @param retainLog keep every log record (for a test's record stream); otherwise records that the stream processor
   *     and the incident feed have moved past are released
   */
  RocksDbZeebeEngine(int port, Path stateParent, MeterRegistry meters, boolean retainLog) {
    this.retainLog = retainLog;
    try {
      Files.createDirectories(stateParent);
      this.stateDirectory = Files.createTempDirectory(stateParent, "zeebe-state-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the engine state directory under " + stateParent, e);
    }
    scheduler = ActorScheduler.newActorScheduler().setActorClock(clock).build();
    scheduler.start();
    logStream =
        LogStream.builder()
            .withPartitionId(PARTITION_ID)
            .withLogStorage(logStorage)
            .withClock(clock)
            .withMeterRegistry(meters)
            .build();
    gateway = RecoverlyGatewayAccess.create(logStream.newLogStreamWriter(), PARTITION_ID, port, intent -> {});
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(gateway.service())
            .build();
    db =
        new ZeebeRocksDbFactory<ZbColumnFamilies>(
                new RocksDbConfiguration(),
                new ConsistencyChecksSettings(),
                new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, PARTITION_ID),
                () -> meters)
            .createDb(stateDirectory.toFile());
    SecurityConfiguration security = new SecurityConfiguration();
    security.getAuthorizations().setEnabled(false);
    streamProcessor =
        StreamProcessor.builder()
            .logStream(logStream)
            .zeebeDb(db)
            .commandResponseWriter(new JvmWideResponseWriter(gateway.responseWriter()))
            .partitionCommandSender(gateway.commandSender())
            .recordProcessors(
                List.of(
                    new io.camunda.zeebe.engine.Engine(
                        context ->
                            EngineProcessors.createEngineProcessors(
                                context,
                                1,
                                new SubscriptionCommandSender(context.getPartitionId(), gateway.commandSender()),
                                gateway.commandSender(),
                                FeatureFlags.createDefault(),
                                gateway.jobStreamer(),
                                SearchClientsProxy.noop(),
                                new BrokerRequestAuthorizationConverter(security)),
                        new EngineConfiguration(),
                        security)))
            .actorSchedulingService(scheduler)
            .clock(new ControllableStreamClockImpl(clock))
            .meterRegistry(meters)
            .build();
    releaser =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "recoverly-engine-log-release");
              thread.setDaemon(true);
              return thread;
            });
    registerMetrics(meters);
  }

  private void registerMetrics(MeterRegistry meters) {
    Gauge.builder("recoverly.engine.log.retained.blocks", logStorage, BoundedLogStorage::retainedBlocks)
        .description("Log blocks held in memory (not yet released)")
        .register(meters);
    Gauge.builder("recoverly.engine.log.retained.bytes", logStorage, BoundedLogStorage::retainedBytes)
        .description("Bytes of log held in memory")
        .baseUnit("bytes")
        .register(meters);
    FunctionCounter.builder("recoverly.engine.log.appended.blocks", logStorage, BoundedLogStorage::appendedBlocks)
        .description("Log blocks written since start")
        .register(meters);
    FunctionCounter.builder("recoverly.engine.log.released.blocks", logStorage, BoundedLogStorage::releasedBlocks)
        .description("Log blocks released after processing")
        .register(meters);
    Gauge.builder("recoverly.engine.log.position", logStorage, BoundedLogStorage::highestPosition)
        .description("Highest record position written to the log")
        .register(meters);
    Gauge.builder("recoverly.engine.state.bytes", this, RocksDbZeebeEngine::stateBytes)
        .description("RocksDB state size: SST files plus memtables")
        .baseUnit("bytes")
        .register(meters);
  }

  double stateBytes() {
    return property("rocksdb.total-sst-files-size") + property("rocksdb.cur-size-all-mem-tables");
  }

  private double property(String name) {
    try {
      return db.getProperty(name).map(Double::parseDouble).orElse(0.0);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  @Override
  public void start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the engine's gRPC gateway", e);
    }
    streamProcessor.openAsync(false).join();
    incidentReader = logStream.newLogStreamReader();
    incidentReader.seekToFirstEvent();
    releaser.scheduleWithFixedDelay(
        this::followLog, RELEASE_INTERVAL.toMillis(), RELEASE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  void onIncident(Consumer<EngineIncident> listener) {
    incidentListeners.add(listener);
  }

  /**
   * Runs on one thread: reports the incidents written since the last run, then releases the log blocks that both the
   * stream processor and this feed have moved past.
   */
  void followLog() {
    try {
      feedIncidents();
      if (retainLog) {
        return;
      }
      long processed = streamProcessor.getLastProcessedPositionAsync().join();
      long upTo = Math.min(processed, feedPosition + 1);
      if (upTo > 0) {
        logStorage.releaseBefore(upTo);
      }
    } catch (RuntimeException e) {
      log.warn("Log follow-up (incident feed, log release) failed; retrying: {}", e.toString());
    }
  }

  private void feedIncidents() {
    while (incidentReader.hasNext()) {
      LoggedEvent event = incidentReader.next();
      metadata.reset();
      event.readMetadata(metadata);
      if (metadata.getRecordType() == RecordType.EVENT
          && metadata.getValueType() == ValueType.INCIDENT
          && metadata.getIntent() == IncidentIntent.CREATED) {
        IncidentRecord incident = new IncidentRecord();
        event.readValue(incident);
        List<List<Long>> path = incident.getElementInstancePath();
        long root = path.isEmpty() || path.getFirst().isEmpty() ? incident.getProcessInstanceKey() : path.getFirst().getFirst();
        EngineIncident notice = new EngineIncident(incident.getProcessInstanceKey(), root, incident.getBpmnProcessId(),
            incident.getElementId(), incident.getErrorType().name(), incident.getErrorMessage(), incident.getJobKey(),
            event.getKey(), null, null, EngineIncident.Source.ENGINE);
        for (Consumer<EngineIncident> listener : incidentListeners) {
          try {
            listener.accept(notice);
          } catch (RuntimeException e) {
            log.warn("Incident listener failed for {}: {}", notice, e.toString());
          }
        }
      }
      feedPosition = event.getPosition();
    }
  }

  @Override
  public void stop() {
    releaser.shutdownNow();
    try {
      releaser.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (incidentReader != null) {
      incidentReader.close();
    }
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
      streamProcessor.closeAsync().join();
      db.close();
      logStream.close();
      scheduler.stop().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Engine did not stop cleanly: {}", e.toString());
    } finally {
      deleteStateDirectory();
    }
  }

  private void deleteStateDirectory() {
    try (Stream<Path> files = Files.walk(stateDirectory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not delete engine state {}: {}", stateDirectory, e.toString());
    }
  }

  @Override
  public RecordStreamSource getRecordStreamSource() {
    if (!retainLog) {
      throw new UnsupportedOperationException(
          "the log releases processed records; create the engine with retainLog=true to read the record stream");
    }
    if (recordStream == null) {
      recordStream = RecoverlyGatewayAccess.recordStream(logStream.newLogStreamReader(), PARTITION_ID);
    }
    return recordStream;
  }

  @Override
  public ZeebeClient createClient() {
    throw new UnsupportedOperationException("use the application's CamundaClient");
  }

  @Override
  public ZeebeClient createClient(com.fasterxml.jackson.databind.ObjectMapper objectMapper) {
    throw new UnsupportedOperationException("use the application's CamundaClient");
  }

  @Override
  public String getGatewayAddress() {
    return gateway.address();
  }

  @Override
  public void increaseTime(Duration duration) {
    clock.addTime(duration);
  }

  @Override
  public void waitForIdleState(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long appended = logStorage.appendedBlocks();
      if (streamProcessor.hasProcessingReachedTheEnd().join()) {
        Thread.sleep(30);
        if (appended == logStorage.appendedBlocks()) {
          return;
        }
      } else {
        Thread.sleep(5);
      }
    }
    throw new TimeoutException("engine not idle after " + timeout);
  }

  @Override
  public void waitForBusyState(Duration timeout) throws InterruptedException, TimeoutException {
    long start = logStorage.appendedBlocks();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (logStorage.appendedBlocks() > start) {
        return;
      }
      Thread.sleep(5);
    }
    throw new TimeoutException("engine not busy within " + timeout);
  }
}
