package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The import reads a file row by row: a 100,000-row file is never in memory at once. */
class ImportRowSourceTest {

  private static final int ROWS = 100_000;

  /** Generates a portfolio on the fly and counts how much of it has been read. */
  static final class GeneratedPortfolio extends InputStream {
    private final boolean json;
    private int next = 0;
    private byte[] chunk;
    private int position;
    long bytesRead;

    GeneratedPortfolio(boolean json) {
      this.json = json;
      this.chunk = (json ? "[" : PortfolioFiles.HEADER + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
      if (position == chunk.length && !refill()) {
        return -1;
      }
      bytesRead++;
      return chunk[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position == chunk.length && !refill()) {
        return -1;
      }
      int n = Math.min(length, chunk.length - position);
      System.arraycopy(chunk, position, buffer, offset, n);
      position += n;
      bytesRead += n;
      return n;
    }

    private boolean refill() {
      if (next > ROWS) {
        return false;
      }
      next++;
      String text;
      if (next > ROWS) {
        text = json ? "]" : "";
      } else if (json) {
        text = (next > 1 ? "," : "") + "{\"accountRef\":\"S-" + next + "\",\"debtorName\":\"Jane\",\"timezone\":\"UTC\","
            + "\"jurisdiction\":\"US\",\"product\":\"CARD\",\"principal\":10,\"balance\":5,\"currency\":\"USD\",\"dpd\":3}";
      } else {
        text = PortfolioFiles.csvRow("S-" + next, "CARD", 3, "5.00") + "\n";
      }
      chunk = text.getBytes(StandardCharsets.UTF_8);
      position = 0;
      return chunk.length > 0 || refill();
    }
  }

  @Test
  void csvIsReadIncrementally() {
    assertStreams(false, ImportFormat.CSV);
  }

  @Test
  void jsonIsReadIncrementally() {
    assertStreams(true, ImportFormat.JSON);
  }

  private static void assertStreams(boolean json, ImportFormat format) {
    GeneratedPortfolio file = new GeneratedPortfolio(json);
    try (ImportRowSource rows = ImportRowSource.open(format, file, new ObjectMapper())) {
      ImportRow first = rows.next();
      assertThat(first.row()).isEqualTo(1);
      assertThat(first.get(ImportFields.ACCOUNT_REF)).isEqualTo("S-1");
      // the parser buffers a few KB ahead, not the file (about 15 MB)
      assertThat(file.bytesRead).isLessThan(64 * 1024);
      int count = 1;
      ImportRow last = first;
      for (ImportRow row = rows.next(); row != null; row = rows.next()) {
        count++;
        last = row;
      }
      assertThat(count).isEqualTo(ROWS);
      assertThat(last.get(ImportFields.ACCOUNT_REF)).isEqualTo("S-" + ROWS);
      assertThat(file.bytesRead).isGreaterThan(10_000_000L);
    }
  }

  @Test
  void aRowWithMoreValuesThanColumnsIsMalformedAtItsRow() {
    String csv = PortfolioFiles.HEADER + "\n" + PortfolioFiles.csvRow("A-1", "CARD", 3, "5.00") + "\n"
        + PortfolioFiles.csvRow("A-2", "CARD", 3, "5.00") + ",surplus\n";
    try (ImportRowSource rows = ImportRowSource.open(ImportFormat.CSV,
        new java.io.ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), new ObjectMapper())) {
      assertThat(rows.next().row()).isEqualTo(1);
      assertThatThrownBy(rows::next).isInstanceOf(MalformedImportException.class).hasMessageContaining("row 2");
    }
  }

  @Test
  void headerNamesAreMatchedLeniently() {
    String csv = "\uFEFFAccount_Ref,debtor name,TIMEZONE,Jurisdiction,product,principal,balance,currency,due-date\n"
        + "A-1,Jane,UTC,US,CARD,10,5,USD,2020-01-01\n";
    try (ImportRowSource rows = ImportRowSource.open(ImportFormat.CSV,
        new java.io.ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), new ObjectMapper())) {
      ImportRow row = rows.next();
      assertThat(row.get(ImportFields.ACCOUNT_REF)).isEqualTo("A-1");
      assertThat(row.get(ImportFields.DEBTOR_NAME)).isEqualTo("Jane");
      assertThat(row.get(ImportFields.DUE_DATE)).isEqualTo("2020-01-01");
    }
  }

  @Test
  void aJsonFieldGivenTwiceInAnotherSpellingIsRefused() throws Exception {
    String json = "[{\"accountRef\":\"D-1\",\"debtorName\":\"Jane\",\"timezone\":\"UTC\",\"jurisdiction\":\"US\","
        + "\"product\":\"CARD\",\"principal\":10,\"balance\":50,\"Balance\":60,\"currency\":\"USD\",\"dpd\":3}]";
    try (ImportRowSource rows = ImportRowSource.open(ImportFormat.JSON,
        new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), new ObjectMapper())) {
      assertThatThrownBy(rows::next).isInstanceOf(MalformedImportException.class).hasMessageContaining("given twice");
    }
  }
}
