package io.recoverly.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.DirectBufferWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BoundedLogStorageTest {

  private final BoundedLogStorage storage = new BoundedLogStorage();
  private final AtomicInteger commits = new AtomicInteger();

  /** Appends a block holding positions [lowest, highest] whose content is its lowest position as text. */
  private void append(long lowest, long highest) {
    byte[] content = Long.toString(lowest).getBytes();
    storage.append(lowest, highest, new DirectBufferWriter().wrap(new UnsafeBuffer(content)),
        new LogStorage.AppendListener() {
          @Override
          public void onCommit(long index, long highestPosition) {
            commits.incrementAndGet();
          }
        });
  }

  private static List<String> readAll(LogStorageReader reader) {
    List<String> blocks = new ArrayList<>();
    while (reader.hasNext()) {
      DirectBuffer block = reader.next();
      blocks.add(block.getStringWithoutLengthAscii(0, block.capacity()));
    }
    return blocks;
  }

  @Test
  void readsBlocksInOrderAndSeeksToTheBlockContainingAPosition() {
    append(1, 3);
    append(4, 4);
    append(5, 9);
    assertThat(commits).hasValue(3);

    LogStorageReader reader = storage.newReader();
    assertThat(readAll(reader)).containsExactly("1", "4", "5");

    reader.seek(7);
    assertThat(readAll(reader)).containsExactly("5");
    reader.seek(4);
    assertThat(readAll(reader)).containsExactly("4", "5");
    reader.seek(100);
    assertThat(readAll(reader)).containsExactly("5");
    reader.seek(-1);
    assertThat(readAll(reader)).containsExactly("1", "4", "5");

    // a reader at the end sees blocks appended later
    assertThat(reader.hasNext()).isFalse();
    append(10, 12);
    assertThat(readAll(reader)).containsExactly("10");
  }

  @Test
  void releasesBlocksBeforeAPositionButNeverTheOneContainingItOrTheNewest() {
    append(1, 3);
    append(4, 4);
    append(5, 9);
    append(10, 12);
    long bytesBefore = storage.retainedBytes();
    LogStorageReader behind = storage.newReader();
    behind.next(); // read block 1, then fall behind

    assertThat(storage.releaseBefore(7)).isEqualTo(2);

    assertThat(storage.retainedBlocks()).isEqualTo(2);
    assertThat(storage.retainedBytes()).isLessThan(bytesBefore);
    assertThat(storage.releasedBlocks()).isEqualTo(2);
    // a reader that was behind continues at the oldest block still there
    assertThat(readAll(behind)).containsExactly("5", "10");
    LogStorageReader fresh = storage.newReader();
    fresh.seek(2);
    assertThat(readAll(fresh)).containsExactly("5", "10");

    // even a position past the end keeps the newest block
    storage.releaseBefore(1_000);
    assertThat(readAll(storage.newReader())).containsExactly("10");
    assertThat(storage.highestPosition()).isEqualTo(12);
  }
}
