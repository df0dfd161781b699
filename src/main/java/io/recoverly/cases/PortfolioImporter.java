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
 * Reads a lender's file: a placement opens one case per new delinquent account; a balance update or a recall changes
 * accounts we hold ({@link AccountChanges}).
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
  /** A dry run's accounts shown as they would be stored. */
  static final int PREVIEW = 20;
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
  private final AccountChanges accountChanges;
  private final TransactionTemplate ownTx;
  private final String defaultCreditor;

  PortfolioImporter(JdbcTemplate jdbcTemplate, JdbcClient jdbc, TransactionTemplate tx, Clock clock, ObjectMapper json,
      CurrentActor current, CaseProcessLauncher launcher, AccountChanges accountChanges,
      org.springframework.transaction.PlatformTransactionManager transactions,
      @org.springframework.beans.factory.annotation.Value("${recoverly.intake.default-creditor:"
          + AccountRowValidator.DEFAULT_CREDITOR + "}") String defaultCreditor) {
    this.accountChanges = accountChanges;
    this.defaultCreditor = defaultCreditor;
    this.ownTx = new TransactionTemplate(transactions);
    this.ownTx.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.current = current;
    this.launcher = launcher;
    this.jdbcTemplate = jdbcTemplate;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.json = json;
  }

  ImportResult importFile(ImportFormat format, InputStream in, String source) {
    return importFile(format, in, source, (LocalDate) null);
  }

  ImportResult importFile(ImportFormat format, InputStream in, String source, LocalDate asOf) {
    return importFile(format, in, source, new Request(ImportType.PLACEMENT, null, asOf, false, null));
  }

  /**
   * How to read a file.
   *
   * @param mapping the lender's saved mapping (null: our own column names)
   * @param asOf the date the file's figures were extracted on (its DPD counts the days past due then); null: today.
   *     At most {@link #MAX_AS_OF_AGE_DAYS} days back, never ahead of the engine's today
   * @param dryRun the whole validation (duplicates and unknown accounts included), then nothing is kept
   * @param uploadId the client's id for following the import's progress (null: not followed)
   */
  record Request(ImportType type, ImportMapping mapping, LocalDate asOf, boolean dryRun, UUID uploadId) {}

  ImportResult importFile(ImportFormat format, InputStream in, String source, Request request) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate asOf = request.asOf();
    if (asOf != null && (asOf.isAfter(today) || asOf.isBefore(today.minusDays(MAX_AS_OF_AGE_DAYS)))) {
      throw io.recoverly.web.Problems.of(org.springframework.http.HttpStatus.BAD_REQUEST, "Invalid import",
          "asOf must be a date from " + today.minusDays(MAX_AS_OF_AGE_DAYS) + " to today (" + today
              + "): the day the file's figures were extracted").field("asOf").exception();
    }
    Actor actor = current.find().orElse(null);
    Progress progress = new Progress(request.uploadId(), actor == null ? null : actor.username());
    ImportResult result;
    try {
      result = tx.execute(status -> {
        ImportResult r = run(format, in, source, request, asOf == null ? today : asOf, actor, progress);
        if (request.dryRun()) {
          // everything was checked against the database as a real import would be; none of it is kept
          status.setRollbackOnly();
        }
        return r;
      });
    } finally {
      progress.finish();
    }
    if (result.imported() > 0 && !request.dryRun()) {
      launcher.wake();
    }
    log.info(
        "{} portfolio '{}' ({}, {}): {} new cases, {} updated, {} recalled, {} duplicates or unchanged, {} rejected",
        request.dryRun() ? "Dry run of" : "Imported", source, format, request.type(), result.imported(),
        result.updated(), result.recalled(), result.duplicates(), result.rejected());
    return result;
  }

  /** A file's figures older than this are stale: the lender sends a fresh extract. */
  static final int MAX_AS_OF_AGE_DAYS = 60;

  private ImportResult run(ImportFormat format, InputStream in, String source, Request request, LocalDate asOf,
      Actor actor, Progress progress) {
    jdbc.sql("select pg_advisory_xact_lock(:lock)").param("lock", IMPORT_LOCK).query().singleRow();
    Instant now = clock.instant();
    UUID importId = UUID.randomUUID();
    jdbc.sql(
            "insert into portfolio_import (id, source, format, received_at, imported, duplicates, rejected, as_of,"
                + " type, mapping, imported_by)"
                + " values (:id, :source, :format, :at, 0, 0, 0, :asOf, :type, :mapping, :by)")
        .param("id", importId)
        .param("source", source.length() > 255 ? source.substring(0, 255) : source)
        .param("format", format.name())
        .param("at", Timestamp.from(now))
        .param("asOf", asOf)
        .param("type", request.type().name())
        .param("mapping", request.mapping() == null ? null : request.mapping().name())
        .param("by", actor == null ? null : actor.username())
        .update();
    Tally tally = new Tally();
    ImportLayout layout = new ImportLayout(request.type(), request.mapping());
    java.time.format.DateTimeFormatter dates = request.mapping() == null
        ? java.time.format.DateTimeFormatter.ISO_LOCAL_DATE : request.mapping().dates();
    List<NewAccount> batch = new ArrayList<>(BATCH);
    List<ImportRow> changes = new ArrayList<>(BATCH);
    Map<String, String> ignored;
    List<String> kept;
    try (ImportRowSource rows = ImportRowSource.open(format, in, json, layout)) {
      for (ImportRow row = rows.next(); row != null; row = rows.next()) {
        tally.read++;
        if (request.type() == ImportType.PLACEMENT) {
          // the file's DPD and due dates are checked as of the day it was extracted; the case's DPD moves on from there
          switch (AccountRowValidator.validate(row, asOf, dates, defaultCreditor)) {
            case AccountRowValidator.Valid valid -> {
              batch.add(valid.account());
              if (request.dryRun() && tally.preview.size() < PREVIEW) {
                NewAccount a = valid.account();
                tally.preview.add(new ImportResult.PreviewRow(a.row(), a.accountRef(), a.phone(), a.phoneType(),
                    a.dueDate(), a.balance(), a.currency(), a.jurisdiction(), a.creditor()));
              }
            }
            case AccountRowValidator.Invalid invalid -> tally.reject(invalid.errors());
          }
          if (batch.size() == BATCH) {
            insert(batch, importId, now, tally, actor);
            batch.clear();
            progress.report(tally);
          }
        } else {
          changes.add(row);
          if (changes.size() == BATCH) {
            accountChanges.apply(request.type(), changes, importId, tally);
            changes.clear();
            progress.report(tally);
          }
        }
      }
      ignored = rows.ignoredColumns();
      kept = rows.keptColumns();
    }
    insert(batch, importId, now, tally, actor);
    if (!changes.isEmpty()) {
      accountChanges.apply(request.type(), changes, importId, tally);
    }
    progress.report(tally);
    if (tally.imported == 0 && tally.duplicates == 0 && tally.updated == 0 && tally.recalled == 0) {
      // nothing in the file could open a case: a bad file, refused whole (the transaction writes nothing)
      throw io.recoverly.web.Problems.of(org.springframework.http.HttpStatus.BAD_REQUEST, "Nothing to import",
              tally.rejected == 0 ? "the file has a header but no accounts"
                  : "none of the file's " + tally.rejected + " rows can be imported; nothing was imported")
          .with("rejected", tally.rejected).with("errors", List.copyOf(tally.errors)).exception();
    }
    jdbc.sql("""
            update portfolio_import set imported = :i, duplicates = :d, rejected = :r, rows_read = :read,
                   updated = :u, recalled = :rc, errors = cast(:errors as jsonb), errors_truncated = :truncated
             where id = :id
            """)
        .param("i", tally.imported)
        .param("d", tally.duplicates)
        .param("r", tally.rejected)
        .param("read", tally.read)
        .param("u", tally.updated)
        .param("rc", tally.recalled)
        .param("errors", toJson(tally.errors))
        .param("truncated", tally.truncated)
        .param("id", importId)
        .update();
    return new ImportResult(
        importId, tally.imported, tally.duplicates, tally.rejected, List.copyOf(tally.errors), tally.truncated,
        request.type(), request.dryRun(), tally.read, tally.updated, tally.recalled, Map.copyOf(ignored), kept,
        List.copyOf(tally.preview));
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An import's progress, written in transactions of its own (the import's is not visible until it commits) so that
   * the upload page can follow it from any node. Written once per batch at most every half second.
   */
  private final class Progress {
    private final UUID uploadId;
    private final String by;
    private long lastAt;

    Progress(UUID uploadId, String by) {
      this.uploadId = uploadId;
      this.by = by;
      // nanoTime has no origin (it may be negative): the first report is due at once
      this.lastAt = System.nanoTime() - 1_000_000_000L;
    }

    void report(Tally tally) {
      if (uploadId == null || System.nanoTime() - lastAt < 500_000_000L) {
        return;
      }
      lastAt = System.nanoTime();
      write(tally.read, tally.imported + tally.updated + tally.recalled, tally.rejected, false);
    }

    void finish() {
      if (uploadId != null) {
        write(-1, -1, -1, true);
      }
    }

    private void write(int read, int done, int rejected, boolean finished) {
      try {
        ownTx.executeWithoutResult(s -> jdbc.sql("""
                insert into import_progress (upload_id, started_by, rows_read, imported, rejected, finished, updated_at)
                values (:id, :by, greatest(:read, 0), greatest(:done, 0), greatest(:rejected, 0), :finished, :at)
                on conflict (upload_id) do update
                   set rows_read = case when :read < 0 then import_progress.rows_read else :read end,
                       imported = case when :done < 0 then import_progress.imported else :done end,
                       rejected = case when :rejected < 0 then import_progress.rejected else :rejected end,
                       finished = :finished, updated_at = :at
                 where import_progress.started_by is not distinct from excluded.started_by
                """)
            .param("id", uploadId).param("by", by).param("read", read).param("done", done)
            .param("rejected", rejected).param("finished", finished).param("at", Timestamp.from(clock.instant()))
            .update());
      } catch (RuntimeException e) {
        // progress is for the page's bar: the import goes on without it
        log.warn("Import progress {} not written: {}", uploadId, e.toString());
      }
    }
  }

  private void insert(List<NewAccount> batch, UUID importId, Instant now, Tally tally, Actor actor) {
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
          new Object[] {debtorId, a.debtorName(), a.phone(), a.phoneType(), a.email(), a.address(), a.timezone(),
            a.jurisdiction(), a.dateOfBirth() == null ? null : Date.valueOf(a.dateOfBirth()), a.language(),
            a.emailType(), a.limitation() == null ? null : a.limitation().state(), at});
      accounts.add(
          new Object[] {
            accountId, a.accountRef(), debtorId, a.product(), a.principal(), a.balance(), a.balance(), a.currency(),
            Date.valueOf(a.dueDate()), a.riskScore(), at, a.creditor(),
            a.attributes().isEmpty() ? null : toJson(a.attributes()),
            a.itemized() == null || a.itemized().date() == null ? null : Date.valueOf(a.itemized().date()),
            a.itemized() == null ? null : a.itemized().amount(), a.itemized() == null ? null : a.itemized().interest(),
            a.itemized() == null ? null : a.itemized().fees(), a.itemized() == null ? null : a.itemized().payments(),
            date(a.limitation() == null ? null : a.limitation().lastPaymentDate()),
            date(a.limitation() == null ? null : a.limitation().chargeOffDate())
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
        "insert into debtor (id, full_name, phone, phone_type, email, address, time_zone, jurisdiction,"
            + " date_of_birth, language, email_type, state, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        debtors);
    jdbcTemplate.batchUpdate(
        "insert into account (id, account_ref, debtor_id, product, principal, balance, placed_balance, currency,"
            + " due_date, risk_score, created_at, creditor, attributes, itemization_date, itemization_amount,"
            + " interest_since, fees_since, payments_since, last_payment_date, charge_off_date)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?)",
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

  static final class Tally {
    int read;
    int imported;
    int updated;
    int recalled;
    int duplicates;
    int rejected;
    boolean truncated;
    final List<ImportError> errors = new ArrayList<>();
    final List<ImportResult.PreviewRow> preview = new ArrayList<>();
    /** The accounts an update or recall has named so far: a second row for one is refused. */
    final Set<String> changedRefs = new HashSet<>();

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

  private static Date date(java.time.LocalDate day) {
    return day == null ? null : Date.valueOf(day);
  }
}
