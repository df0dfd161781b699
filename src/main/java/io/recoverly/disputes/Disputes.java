package io.recoverly.disputes;

import io.recoverly.engine.EngineCommands;
import io.recoverly.web.Problems;
import io.recoverly.cases.CaseStage;
import io.recoverly.cases.CaseStatus;
import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.CaseView;
import io.recoverly.cases.PiiMask;
import io.recoverly.cases.Cases;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/** Raising, opening and resolving disputes; the dispute table is the source of truth for "contact paused". */
@Service
public class Disputes {

  /** Why the debtor disputes; ORIGINAL_CREDITOR is the request for the original creditor's name (12 CFR 1006.38(c)). */
  static final Set<String> REASONS = Set.of("NOT_MY_DEBT", "ALREADY_PAID", "WRONG_AMOUNT", "IDENTITY_THEFT",
      "BANKRUPTCY", "ORIGINAL_CREDITOR", "OTHER");
  /** The outbox template of the verification (or the original creditor's name) a verified dispute is answered with. */
  public static final String VERIFICATION = "dispute-verification";
  static final String MESSAGE = "dispute-raised";

  private final JdbcClient jdbc;
  private final Cases cases;
  private final CaseTimeline timeline;
  private final EngineCommands messages;
  private final Clock clock;
  private final org.springframework.context.ApplicationEventPublisher events;

  Disputes(JdbcClient jdbc, Cases cases, CaseTimeline timeline, EngineCommands messages, Clock clock,
      org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
    this.jdbc = jdbc;
    this.cases = cases;
    this.timeline = timeline;
    this.messages = messages;
    this.clock = clock;
  }

  /** A dispute as the API shows it. */
  /**
   * @param verificationStatus for a verified dispute (rejected or adjusted): QUEUED until the verification is sent
   *     (collection waits), then SENT; null otherwise
   * @param repeatOf the verified dispute this one repeats (the same reason again), or null
   */
  public record DisputeView(UUID id, UUID caseId, String reason, String details, String state, String pausedStage,
      Instant raisedAt, Instant resolvedAt, String resolution, String verificationStatus, UUID repeatOf) {}

  /** A dispute was verified (rejected or adjusted): its verification is to be sent before collection resumes. */
  public record DisputeVerified(UUID caseId, UUID disputeId, String reason) {}

  /**
   * Raises a dispute through the API: records it and, once that commits, interrupts what the case is waiting for
   * ({@code dispute-raised}: the active stage, the legal escalation, the review of a ceased case) so that a reviewer
   * decides. While it is open, the contact guard lets nothing out.
   */
  @Transactional
  public DisputeView raise(UUID caseId, String reason, String details) {
    String normalised = reason == null ? null : reason.trim().toUpperCase(java.util.Locale.ROOT);
    if (normalised == null || !REASONS.contains(normalised)) {
      throw problem(HttpStatus.BAD_REQUEST, "Invalid dispute", "reason must be one of " + REASONS.stream().sorted().toList(), "reason");
    }
    if (details != null && details.length() > 2000) {
      throw problem(HttpStatus.BAD_REQUEST, "Invalid dispute", "details: at most 2000 characters", "details");
    }
    CaseView view = cases.get(caseId);
    if (view.status() == CaseStatus.CLOSED) {
      throw problem(HttpStatus.CONFLICT, "Case closed", "case " + caseId + " is closed (" + view.outcome() + ")", null);
    }
    DisputeView dispute = open(caseId, normalised, details, view.stage(), "raised through the API");
    messages.publishMessage(MESSAGE, caseId.toString(), "dispute:" + dispute.id(),
        Map.of("disputeId", dispute.id().toString(), "pausedStage", view.stage().name(), "disputeOpen", true));
    return dispute;
  }

  /** Opens a dispute the agent recorded on a call (job {@code open-dispute}); idempotent per case. */
  @Transactional
  public DisputeView openRecorded(UUID caseId, String notes) {
    return openDispute(caseId).orElseGet(() -> open(caseId, "OTHER", notes, CaseStage.CONTACT, "recorded by the agent on a call"));
  }

  private DisputeView open(UUID caseId, String reason, String details, CaseStage paused, String how) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    // the same dispute again after it was verified: recognised as a repeat (12 CFR 1006.38(d)(2)(ii)); the reviewer
    // sees the earlier one and its verification
    UUID repeatOf = jdbc.sql("""
            select id from dispute where case_id = :caseId and reason = :reason and state in ('REJECTED', 'ADJUSTED')
             order by resolved_at desc limit 1
            """).param("caseId", caseId).param("reason", reason).query(UUID.class).optional().orElse(null);
    try {
      jdbc.sql(
              """
              insert into dispute (id, case_id, reason, details, state, paused_stage, raised_at, repeat_of)
              values (:id, :caseId, :reason, :details, 'OPEN', :paused, :at, :repeatOf)
              """)
          .param("id", id).param("caseId", caseId).param("reason", reason).param("details", details)
          .param("paused", paused.name()).param("at", Timestamp.from(now)).param("repeatOf", repeatOf)
          .update();
    } catch (DuplicateKeyException e) {
      throw problem(HttpStatus.CONFLICT, "Dispute already open", "case " + caseId + " already has an open dispute", null);
    }
    // the case's open task is not canceled here: the engine replaces it with the review once the message interrupts
    // (Tasks: a case has one open task of its collection at a time); canceling it first orphaned the case whenever the
    // process could not take the message
    cases.moveToStage(caseId, CaseStage.DISPUTE, "collection paused while the dispute is reviewed");
    Map<String, Object> what = new java.util.HashMap<>(Map.of("disputeId", id.toString(), "reason", reason));
    if (details != null) {
      what.put("details", PiiMask.scrubText(details));
    }
    if (repeatOf != null) {
      what.put("repeatOf", repeatOf.toString());
    }
    timeline.record(caseId, "DISPUTE_RAISED", "Dispute raised ("
            + reason.toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "), " + how + "; all contact paused"
            + (repeatOf == null ? "" : "; it repeats a dispute already verified"), what, null);
    return new DisputeView(id, caseId, reason, details, "OPEN", paused.name(), now, null, null, null, repeatOf);
  }

  /** Records the reviewer's decision (job {@code resolve-dispute}); idempotent. */
  @Transactional
  public void resolve(UUID caseId, String decision, String resolution, java.math.BigDecimal adjustedBalance) {
    if (!Set.of("UPHELD", "REJECTED", "ADJUSTED").contains(decision)) {
      throw new IllegalArgumentException("disputeDecision must be UPHELD, ADJUSTED or REJECTED, was " + decision);
    }
    if ("ADJUSTED".equals(decision) && (adjustedBalance == null || adjustedBalance.signum() <= 0)) {
      throw new IllegalArgumentException("a partly upheld dispute needs the corrected balance");
    }
    Optional<DisputeView> open = openDispute(caseId);
    if (open.isEmpty()) {
      return;
    }
    // the dispute's state is the decision: upheld, partly upheld (ADJUSTED: the balance corrected) or rejected
    // a verified dispute (rejected, or the balance corrected) is answered with the verification before collection
    // resumes (12 CFR 1006.38(d)(2)(i)); an upheld one closes the case
    boolean verified = !"UPHELD".equals(decision);
    jdbc.sql("""
            update dispute set state = :state, resolution = :resolution, resolved_at = :at,
                   verification_status = case when :verified then 'QUEUED' end
             where id = :id
            """)
        .param("state", decision).param("resolution", resolution).param("at", Timestamp.from(clock.instant()))
        .param("verified", verified).param("id", open.get().id()).update();

    var contact = cases.contactPoints(caseId).orElseThrow();
    // a dispute reviewed while contact has ceased goes back to the supervisor's review: nothing resumes
    boolean ceased = contact.contactCeased();
    String after = ceased ? "; contact remains ceased: back to the supervisor's review" : "; collection resumes";
    String summary = switch (decision) {
      case "REJECTED" -> "Dispute rejected" + after;
      case "ADJUSTED" -> {
        java.math.BigDecimal corrected = adjustedBalance.setScale(
            Math.max(adjustedBalance.scale(), io.recoverly.cases.Money.fractionDigits(contact.currency())));
        yield "Dispute partly upheld: balance corrected from " + cases.correctBalance(caseId, corrected).toPlainString()
            + " to " + corrected.toPlainString() + " " + contact.currency() + after;
      }
      default -> "Dispute upheld: the case closes";
    };
    if (ceased && !"UPHELD".equals(decision)) {
      cases.moveToStage(caseId, CaseStage.REVIEW, "the dispute is resolved; contact remains ceased");
    }
    timeline.record(caseId, "DISPUTE_" + decision, summary,
        Map.of("disputeId", open.get().id().toString(), "resolution", resolution == null ? "" : resolution), null);
    if (verified) {
      // the verification goes out in this transaction (contact's listener): collection waits for it
      events.publishEvent(new DisputeVerified(caseId, open.get().id(), open.get().reason()));
    }
  }

  /** The verification's message is in the outbox under this key. */
  public void verificationQueued(UUID disputeId, String key) {
    jdbc.sql("update dispute set verification_key = :key where id = :id and verification_status = 'QUEUED'")
        .param("key", key).param("id", disputeId).update();
  }

  /**
   * A provider took the verification's message: it is sent, and collection may resume.
   *
   * @return true when this was the verification of a dispute that waited for it
   */
  @Transactional
  public boolean verificationSent(UUID caseId, String key) {
    var dispute = jdbc.sql("""
            update dispute set verification_status = 'SENT', verification_sent_at = :at
             where case_id = :case and verification_key = :key and verification_status = 'QUEUED' returning id
            """).param("at", Timestamp.from(clock.instant())).param("case", caseId).param("key", key)
        .query(UUID.class).optional();
    dispute.ifPresent(id -> timeline.record(caseId, "DISPUTE_VERIFICATION_SENT", "The verification of the disputed"
        + " debt (with the original creditor's name) was sent: collection may resume",
        Map.of("disputeId", id.toString()), "dispute-verification-sent:" + id));
    return dispute.isPresent();
  }

  /** Nothing can carry the verification: collection stays stopped until the debtor's details are verified. */
  @Transactional
  public void verificationUndeliverable(UUID disputeId, UUID caseId, String why) {
    int rows = jdbc.sql("update dispute set verification_status = 'UNDELIVERABLE' where id = :id"
            + " and verification_status = 'QUEUED'").param("id", disputeId).update();
    if (rows == 1) {
      timeline.record(caseId, "DISPUTE_VERIFICATION_UNDELIVERABLE", "The verification of the disputed debt cannot be"
          + " delivered (" + why + "): collection stays stopped until the debtor's details are verified",
          Map.of("disputeId", disputeId.toString(), "why", why), null);
    }
  }

  /**
   * The verifications of a case that wait or could not be delivered, to be sent (again): the debtor's details changed.
   */
  public java.util.List<DisputeVerified> verificationsToSend(UUID caseId) {
    return jdbc.sql("""
            select id, reason from dispute where case_id = :id and verification_status = 'UNDELIVERABLE'
            """).param("id", caseId)
        .query((rs, n) -> new DisputeVerified(caseId, rs.getObject(1, UUID.class), rs.getString(2))).list();
  }

  /** The verification is to be tried again (after new details): back to QUEUED. */
  public void retryVerification(UUID disputeId) {
    jdbc.sql("update dispute set verification_status = 'QUEUED' where id = :id and verification_status = 'UNDELIVERABLE'")
        .param("id", disputeId).update();
  }

  /** A case that closes with a dispute under review (paid in full meanwhile, say) closes the dispute with it. */
  @org.springframework.context.event.EventListener
  void onCaseClosed(io.recoverly.cases.CaseClosed closed) {
    jdbc.sql("""
            update dispute set state = 'CLOSED_WITH_CASE', resolved_at = :at, resolution = :resolution
             where case_id = :id and state = 'OPEN'
            """)
        .param("at", Timestamp.from(clock.instant())).param("resolution", "the case closed (" + closed.outcome() + ")")
        .param("id", closed.caseId()).update();
  }

  /** The disputes of a case, newest first. */
  public java.util.List<DisputeView> of(UUID caseId) {
    return jdbc.sql("select * from dispute where case_id = :id order by raised_at desc").param("id", caseId)
        .query((rs, n) -> view(rs)).list();
  }

  private static DisputeView view(java.sql.ResultSet rs) throws java.sql.SQLException {
    // what the debtor or the agent wrote is shown with its contact details masked (the record keeps it as written)
    return new DisputeView(rs.getObject("id", UUID.class), rs.getObject("case_id", UUID.class),
        rs.getString("reason"), PiiMask.scrubText(rs.getString("details")), rs.getString("state"),
        rs.getString("paused_stage"),
        rs.getTimestamp("raised_at").toInstant(),
        rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant(),
        PiiMask.scrubText(rs.getString("resolution")), rs.getString("verification_status"),
        rs.getObject("repeat_of", UUID.class));
  }

  public Optional<DisputeView> openDispute(UUID caseId) {
    return jdbc.sql("select * from dispute where case_id = :id and state = 'OPEN'").param("id", caseId)
        .query((rs, n) -> view(rs))
        .optional();
  }

  private static ErrorResponseException problem(HttpStatus status, String title, String detail, String field) {
    return Problems.of(status, title, detail).field(field).exception();
  }
}
