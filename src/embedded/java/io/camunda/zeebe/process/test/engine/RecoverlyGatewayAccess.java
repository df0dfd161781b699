package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.engine.processing.streamprocessor.JobStreamer;
import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.stream.api.InterPartitionCommandSender;
import io.grpc.BindableService;
import java.util.function.Consumer;

/**
 * Recoverly's one file inside the test engine's package, and why it has to be here: the test engine's gRPC gateway
 * ({@code GrpcToLogStreamGateway}, its request store, response writer, job streamer and command writer) is
 * package-private, and the only public way to get one, {@code EngineFactory}, also builds the in-memory state store
 * that collapses at a few thousand open cases. This class hands out exactly those gateway pieces, typed as the
 * engine's public interfaces; everything else (clock, scheduler, log storage, RocksDB state, stream processor, gRPC
 * server, idle detection, metrics) is wired by {@code io.recoverly.engine.RocksDbZeebeEngine} from the engine's public
 * API. Keep it this small.
 */
public final class RecoverlyGatewayAccess {

  private RecoverlyGatewayAccess() {}

  /**
   * The gateway side of an embedded engine: the gRPC service the clients talk to, the writer through which the stream
   * processor answers them, the job streamer for streamed job activation, and the sender for commands the engine
   * addresses to (its only) partition.
   */
  public record Gateway(
      BindableService service,
      CommandResponseWriter responseWriter,
      JobStreamer jobStreamer,
      InterPartitionCommandSender commandSender,
      String address) {}

  /**
   * @param writer writes client commands to the log
   * @param partitionId the (single) partition's id
   * @param port the port the gRPC server will listen on (the gateway reports it in its topology)
   * @param requestListener told of every command intent answered (may be a no-op)
   */
  public static Gateway create(
      LogStreamWriter writer, int partitionId, int port, Consumer<Intent> requestListener) {
    CommandWriter commandWriter = new CommandWriter(writer);
    GatewayRequestStore requests = new GatewayRequestStore();
    InMemoryJobStreamer jobStreamer = new InMemoryJobStreamer(commandWriter);
    GrpcToLogStreamGateway gateway =
        new GrpcToLogStreamGateway(commandWriter, partitionId, 1, port, requests, jobStreamer);
    return new Gateway(
        gateway,
        new GrpcResponseWriter(gateway, requests, requestListener),
        jobStreamer,
        new CommandSender(commandWriter),
        gateway.getAddress());
  }

  /** The test engine's record stream over a log (for tests that inspect records; keeps copies of all it reads). */
  public static RecordStreamSource recordStream(LogStreamReader reader, int partitionId) {
    return new RecordStreamSourceImpl(reader, partitionId);
  }
}
