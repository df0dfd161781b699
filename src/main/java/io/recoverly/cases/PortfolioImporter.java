package io.recoverly.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.cases.ImportResult.ImportError;
import io.recoverly.security.Actor;
import io.recoverly.security.CurrentActor;
import java.io.InputStream;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opens one case per new delinquent account of a portfolio file.
 *
 * <ul>
 *   <li>Streams the file and writes in batches: memory does not grow with the file.
 *   <li>One transaction per file: a file that turns out malformed at row 90,000 leaves nothing behind.
 *   <li>Rows with invalid fields are rejected and listed; the valid rows of the same file are imported.
 *   <li>Idempotent on account ref: a ref that already has a case (or repeats within the file) is a duplicate.
 *       Imports are serialised by a transaction-scoped advisory lock, so two concurrent imports of the same file
 *       cannot both open a case.
 * </ul>
 *
 * Cases are opened without a process instance; {@link CaseProcessLauncher} starts one for each after commit (woken by
 * the import, not left to its next tick).
 */
@Service
public class PortfolioImporter {

  static final int MAX_ERRORS = 1000;
  private static final int BATCH = 500;
  private static final long IMPORT_LOCK = 0x5245434F56L; // "RECOV"
  private static final Logger log = LoggerFactory.getLogger(PortfolioImporter.class);

  private final JdbcTemplate jdbcTemplate;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final ObjectMapper json;

  private final CurrentActor current;
  private final CaseProcessLauncher launcher;

  PortfolioImporter(JdbcTemplate jdbcTemplate, JdbcClient jdbc, TransactionTemplate tx, Clock clock, ObjectMapper json,
      CurrentActor current, CaseProcessLauncher launcher) {
    this.current = current;
    this.launcher = launcher;
    this.jdbcTemplate = jdbcTemplate;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.json = json;
  }

  ImportResult importFile(ImportFormat format, InputStream in, String source) {
    return importFile(format, in, source, null);
  }

  /**
   * @param asOf the date the file's figures were extracted on (its DPD counts the days past due then); null: today.
   *     At most {@link #MAX_AS_OF_AGE_DAYS} days back, never ahead of the engine's today
   */
  ImportResult importFile(ImportFormat format, InputStream in, String source, LocalDate asOf) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (asOf != null && (asOf.isAfter(today) || asOf.isBefore(today.minusDays(MAX_AS_OF_AGE_DAYS)))) {
      throw io.recoverly.web.Problems.of(org.springframework.http.HttpStatus.BAD_REQUEST, "Invalid import",
          "asOf must be a date from " + today.minusDays(MAX_AS_OF_AGE_DAYS) + " to today (" + today
              + "): the day the file's figures were extracted").field("asOf").exception();
    }
    ImportResult result = tx.execute(status -> run(format, in, source, asOf == null ? today : asOf));
    if (result.imported() > 0) {
      launcher.wake();
    }
    log.info(
        "Imported portfolio '{}' ({}): {} new cases, {} duplicates, {} rejected",
        source, format, result.imported(), result.duplicates(), result.rejected());
    return result;
  }

  /** A file's figures older than this are stale: the lender sends a fresh extract. */
  static final int MAX_AS_OF_AGE_DAYS = 60;

  private ImportResult run(ImportFormat format, InputStream in, String source, LocalDate asOf) {
    jdbc.sql("select pg_advisory_xact_lock(:lock)").param("lock", IMPORT_LOCK).query().singleRow();
    Instant now = clock.instant();
    UUID importId = UUID.randomUUID();
    jdbc.sql(
            "insert into portfolio_import (id, source, format, received_at, imported, duplicates, rejected, as_of)"
                + " values (:id, :source, :format, :at, 0, 0, 0, :asOf)")
        .param("id", importId)
        .param("source", source.length() > 255 ? source.substring(0, 255) : source)
        .param("format", format.name())
        .param("at", Timestamp.from(now))
        .param("asOf", asOf)
        .update();
    Tally tally = new Tally();
    List<NewAccount> batch = new ArrayList<>(BATCH);
    try (ImportRowSource rows = ImportRowSource.open(format, in, json)) {
      for (ImportRow row = rows.next(); row != null; row = rows.next()) {
        // the file's DPD and due dates are checked as of the day it was extracted; the case's DPD moves on from there
        switch (AccountRowValidator.validate(row, asOf)) {
          case AccountRowValidator.Valid valid -> batch.add(valid.account());
          case AccountRowValidator.Invalid invalid -> tally.reject(invalid.errors());
        }
        if (batch.size() == BATCH) {
          insert(batch, importId, now, tally);
          batch.clear();
        }
      }
    }
    insert(batch, importId, now, tally);
    if (tally.imported == 0 && tally.duplicates == 0) {
      // nothing in the file could open a case: a bad file, refused whole (the transaction writes nothing)
      throw io.recoverly.web.Problems.of(org.springframework.http.HttpStatus.BAD_REQUEST, "Nothing to import",
              tally.rejected == 0 ? "the file has a header but no accounts"
                  : "none of the file's " + tally.rejected + " rows can be imported; nothing was imported")
          .with("rejected", tally.rejected).with("errors", List.copyOf(tally.errors)).exception();
    }
    jdbc.sql("update portfolio_import set imported = :i, duplicates = :d, rejected = :r where id = :id")
        .param("i", tally.imported)
        .param("d", tally.duplicates)
        .param("r", tally.rejected)
        .param("id", importId)
        .update();
    return new ImportResult(
        importId, tally.imported, tally.duplicates, tally.rejected, List.copyOf(tally.errors), tally.truncated);
  }

  private void insert(List<NewAccount> batch, UUID importId, Instant now, Tally tally) {
    if (batch.isEmpty()) {
      return;
    }
    Map<String, NewAccount> fresh = new LinkedHashMap<>();
    for (NewAccount account : batch) {
      if (fresh.putIfAbsent(account.accountRef(), account) != null) {
        tally.duplicates++;
      }
    }
    Set<String> existing =
        new HashSet<>(
            // answered by the unique index (the trigram index serves only the inbox search on lower(account_ref): V23)
            jdbc.sql("select account_ref from account where account_ref = any(cast(:refs as text[]))")
                .param("refs", fresh.keySet().toArray(String[]::new))
                .query(String.class)
                .list());
    tally.duplicates += existing.size();
    existing.forEach(fresh::remove);
    if (fresh.isEmpty()) {
      return;
    }
    Timestamp at = Timestamp.from(now);
    // the timeline names who imported (the audit trail's CASE_OPENED rows come from it: V21)
    Actor actor = current.find().orElse(null);
    String actorName = actor == null ? null : actor.username();
    String actorRole = actor == null ? null : actor.auditRole();
    List<Object[]> debtors = new ArrayList<>();
    List<Object[]> accounts = new ArrayList<>();
    List<Object[]> cases = new ArrayList<>();
    List<Object[]> events = new ArrayList<>();
    for (NewAccount a : fresh.values()) {
      UUID debtorId = UUID.randomUUID();
      UUID accountId = UUID.randomUUID();
      UUID caseId = UUID.randomUUID();
      debtors.add(
          new Object[] {debtorId, a.debtorName(), a.phone(), a.email(), a.address(), a.timezone(), a.jurisdiction(), at});
      accounts.add(
          new Object[] {
            accountId, a.accountRef(), debtorId, a.product(), a.principal(), a.balance(), a.balance(), a.currency(),
            Date.valueOf(a.dueDate()), a.riskScore(), at
          });
      cases.add(new Object[] {caseId, accountId, importId, at});
      events.add(
          new Object[] {
            caseId, at, "CASE_OPENED",
            "Case opened for account " + a.accountRef() + ": " + a.balance().toPlainString() + " " + a.currency()
                + " overdue since " + a.dueDate(),
            "{\"importId\":\"" + importId + "\",\"row\":" + a.row() + "}", actorName, actorRole
          });
    }
    jdbcTemplate.batchUpdate(
        "insert into debtor (id, full_name, phone, email, address, time_zone, jurisdiction, created_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)",
        debtors);
    jdbcTemplate.batchUpdate(
        "insert into account (id, account_ref, debtor_id, product, principal, balance, placed_balance, currency,"
            + " due_date, risk_score, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        accounts);
    jdbcTemplate.batchUpdate(
        "insert into collection_case (id, account_id, import_id, status, stage, opened_at)"
            + " values (?, ?, ?, 'OPEN', 'INTAKE', ?)",
        cases);
    jdbcTemplate.batchUpdate(
        "insert into case_event (case_id, occurred_at, type, summary, details, actor, actor_role)"
            + " values (?, ?, ?, ?, cast(? as jsonb), ?, ?)",
        events);
    tally.imported += fresh.size();
  }

  private static final class Tally {
    int imported;
    int duplicates;
    int rejected;
    boolean truncated;
    final List<ImportError> errors = new ArrayList<>();

    void reject(List<ImportError> rowErrors) {
      rejected++;
      for (ImportError error : rowErrors) {
        if (errors.size() < MAX_ERRORS) {
          errors.add(error);
        } else {
          truncated = true;
        }
      }
    }
  }
}
