package io.recoverly.cases;

import java.util.List;
import java.util.UUID;

/**
 * What an import did.
 *
 * @param importId id of the import record (cases opened by it point at it)
 * @param imported new accounts, each with a newly opened case
 * @param duplicates rows whose account ref already has a case (or repeats an earlier row of the same file)
 * @param rejected rows refused for invalid fields; each is listed in errors
 * @param errors one entry per invalid field, at most {@value PortfolioImporter#MAX_ERRORS}
 * @param errorsTruncated true when more errors occurred than are listed
 */
public record ImportResult(
    UUID importId,
    int imported,
    int duplicates,
    int rejected,
    List<ImportError> errors,
    boolean errorsTruncated) {

  /**
   * One problem with one field of one row.
   *
   * @param row 1-based position of the account in the file (0 = the CSV header)
   */
  public record ImportError(int row, String field, String message) {}
}
