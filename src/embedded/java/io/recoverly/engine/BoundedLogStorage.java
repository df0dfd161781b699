package io.recoverly.engine;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The embedded engine's log, in memory, with a bound: blocks that every reader that matters has moved past are
 * released ({@link #releaseBefore}). The stock test engine keeps every record forever; here memory follows the
 * amount of unprocessed work, not the age of the engine.
 *
 * <p>Blocks are keyed by their lowest record position. A single writer (the log stream's sequencer) appends; any
 * number of readers iterate concurrently. A block is committed as soon as it is appended (there is no replication).
 */
final class BoundedLogStorage implements LogStorage {

  private record Block(long lowestPosition, long highestPosition, ByteBuffer data) {}

  private final ConcurrentSkipListMap<Long, Block> blocks = new ConcurrentSkipListMap<>();
  private final Set<CommitListener> commitListeners = new CopyOnWriteArraySet<>();
  private final AtomicLong index = new AtomicLong();
  private final AtomicLong retainedBytes = new AtomicLong();
  private final AtomicLong releasedBlocks = new AtomicLong();
  private volatile long highestPosition = -1;

  @Override
  public LogStorageReader newReader() {
    return new Reader();
  }

  @Override
  public void append(long lowestPosition, long highestPosition, BufferWriter writer, AppendListener listener) {
    ByteBuffer data = ByteBuffer.allocate(writer.getLength());
    writer.write(new UnsafeBuffer(data), 0);
    blocks.put(lowestPosition, new Block(lowestPosition, highestPosition, data));
    retainedBytes.addAndGet(data.capacity());
    this.highestPosition = highestPosition;
    long entry = index.incrementAndGet();
    listener.onWrite(entry, highestPosition);
    listener.onCommit(entry, highestPosition);
    commitListeners.forEach(CommitListener::onCommit);
  }

  @Override
  public void addCommitListener(CommitListener listener) {
    commitListeners.add(listener);
  }

  @Override
  public void removeCommitListener(CommitListener listener) {
    commitListeners.remove(listener);
  }

  /**
   * Releases every block that lies entirely before {@code position}: the block containing it, and all after it, stay.
   * The newest block always stays, so a log stream opened on this storage finds where to continue.
   *
   * @return the number of blocks released
   */
  int releaseBefore(long position) {
    Long keep = blocks.floorKey(position);
    Long last = blocks.isEmpty() ? null : blocks.lastKey();
    if (keep == null || last == null) {
      return 0;
    }
    if (keep > last) {
      keep = last;
    }
    int released = 0;
    for (Map.Entry<Long, Block> entry : blocks.headMap(keep, false).entrySet()) {
      if (blocks.remove(entry.getKey(), entry.getValue())) {
        retainedBytes.addAndGet(-entry.getValue().data().capacity());
        released++;
      }
    }
    releasedBlocks.addAndGet(released);
    return released;
  }

  int retainedBlocks() {
    return blocks.size();
  }

  long retainedBytes() {
    return retainedBytes.get();
  }

  long releasedBlocks() {
    return releasedBlocks.get();
  }

  long appendedBlocks() {
    return index.get();
  }

  long highestPosition() {
    return highestPosition;
  }

  /** Iterates blocks in position order; survives the release of blocks it has already passed. */
  private final class Reader implements LogStorageReader {

    /** The lowest position of the next block to return (the first block at or after it). */
    private long next = Long.MIN_VALUE;

    @Override
    public void seek(long position) {
      if (position < 0) {
        next = Long.MIN_VALUE;
        return;
      }
      Long containing = blocks.floorKey(position);
      next = containing == null ? Long.MIN_VALUE : containing;
    }

    @Override
    public boolean hasNext() {
      return blocks.ceilingKey(next) != null;
    }

    @Override
    public DirectBuffer next() {
      Map.Entry<Long, Block> entry = blocks.ceilingEntry(next);
      if (entry == null) {
        throw new NoSuchElementException();
      }
      next = entry.getKey() + 1;
      return new UnsafeBuffer(entry.getValue().data());
    }

    @Override
    public void close() {}
  }
}
