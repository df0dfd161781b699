package io.recoverly.engine;

import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.RejectionType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.util.buffer.BufferUtil;
import io.camunda.zeebe.util.buffer.BufferWriter;
import io.camunda.zeebe.util.buffer.DirectBufferWriter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Makes the test engine's gRPC response writer safe with more than one engine in the JVM. That writer keeps the
 * answer's key, intent and value view in <em>static</em> fields, so two engines answering at once (the suite's cached
 * application contexts, the service benchmark's bare engine beside the app's) could send a client the other engine's
 * answer, or one that cannot be decoded and never arrives. This writer keeps the parts of an answer per engine (the
 * value copied, as the broker's own writer does) and hands them to the test engine's writer under one JVM-wide lock,
 * immediately followed by the write. Used from the engine's stream processor thread only, like the writer it wraps.
 */
final class JvmWideResponseWriter implements CommandResponseWriter {

  private static final Object ANSWERING = new Object();

  private final CommandResponseWriter delegate;
  private final ExpandableArrayBuffer value = new ExpandableArrayBuffer();
  private int valueLength = -1;
  private Integer partitionId;
  private Long key;
  private Intent intent;
  private RecordType recordType;
  private ValueType valueType;
  private RejectionType rejectionType;
  private String rejectionReason;

  JvmWideResponseWriter(CommandResponseWriter delegate) {
    this.delegate = delegate;
  }

  @Override
  public CommandResponseWriter partitionId(int partitionId) {
    this.partitionId = partitionId;
    return this;
  }

  @Override
  public CommandResponseWriter key(long key) {
    this.key = key;
    return this;
  }

  @Override
  public CommandResponseWriter intent(Intent intent) {
    this.intent = intent;
    return this;
  }

  @Override
  public CommandResponseWriter recordType(RecordType type) {
    this.recordType = type;
    return this;
  }

  @Override
  public CommandResponseWriter valueType(ValueType valueType) {
    this.valueType = valueType;
    return this;
  }

  @Override
  public CommandResponseWriter rejectionType(RejectionType rejectionType) {
    this.rejectionType = rejectionType;
    return this;
  }

  @Override
  public CommandResponseWriter rejectionReason(DirectBuffer rejectionReason) {
    this.rejectionReason = BufferUtil.bufferAsString(rejectionReason);
    return this;
  }

  @Override
  public CommandResponseWriter valueWriter(BufferWriter writer) {
    valueLength = writer.getLength();
    writer.write(value, 0);
    return this;
  }

  @Override
  public void tryWriteResponse(int requestStreamId, long requestId) {
    synchronized (ANSWERING) {
      // every part last given, as the wrapped writer would still hold it from its own last answer
      if (partitionId != null) {
        delegate.partitionId(partitionId);
      }
      if (key != null) {
        delegate.key(key);
      }
      if (intent != null) {
        delegate.intent(intent);
      }
      if (recordType != null) {
        delegate.recordType(recordType);
      }
      if (valueType != null) {
        delegate.valueType(valueType);
      }
      if (rejectionType != null) {
        delegate.rejectionType(rejectionType);
      }
      if (rejectionReason != null) {
        delegate.rejectionReason(BufferUtil.wrapString(rejectionReason));
      }
      if (valueLength >= 0) {
        delegate.valueWriter(new DirectBufferWriter().wrap(value, 0, valueLength));
      }
      delegate.tryWriteResponse(requestStreamId, requestId);
    }
  }
}
