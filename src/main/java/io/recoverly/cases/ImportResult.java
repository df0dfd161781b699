package io.recoverly.cases;

import java.util.List;
import java.util.UUID;

/**
 * What an import did.
 *
 * @param importId id of the import record (cases opened by it point at it)
 * @param imported new accounts, each with a newly opened case
 * @param duplicates placements: rows whose account ref already has a case (or repeats an earlier row of the same
 *     file); updates and recalls: rows that changed nothing (the same balance, a case already closed)
 * @param rejected rows refused for invalid fields; each is listed in errors
 * @param errors one entry per invalid field, at most {@value PortfolioImporter#MAX_ERRORS}
 * @param errorsTruncated true when more errors occurred than are listed
 * @param type what the file was: PLACEMENT, UPDATE or RECALL
 * @param dryRun true when this was a dry run: everything was checked, nothing was kept
 * @param rowsRead the file's rows (accounts) read
 * @param updated accounts an update changed (balance, contact data)
 * @param recalled cases a recall closed
 * @param ignoredColumns the file's columns that were not read, each with why
 * @param keptColumns the file's columns kept with the accounts as attributes (the mapping keeps what is not ours)
 * @param preview a dry run's first accounts as they would be stored (phone in E.164 with its line type, the due date,
 *     the balance, the creditor), at most {@value PortfolioImporter#PREVIEW}; empty for an import
 */
public record ImportResult(
    UUID importId,
    int imported,
    int duplicates,
    int rejected,
    List<ImportError> errors,
    boolean errorsTruncated,
    ImportType type,
    boolean dryRun,
    int rowsRead,
    int updated,
    int recalled,
    java.util.Map<String, String> ignoredColumns,
    List<String> keptColumns,
    List<PreviewRow> preview) {

  /** One account of a placement as it would be stored. */
  public record PreviewRow(int row, String accountRef, String phone, String phoneType, java.time.LocalDate dueDate,
      java.math.BigDecimal balance, String currency, String jurisdiction, String creditor) {}

  /**
   * One problem with one field of one row.
   *
   * @param row 1-based position of the account in the file (0 = the CSV header)
   */
  public record ImportError(int row, String field, String message) {}
}
