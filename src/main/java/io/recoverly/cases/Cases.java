package io.recoverly.cases;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read access to cases for the API and for other capabilities. */
@Service
public class Cases {

  private final CaseReader reader;
  private final CaseTimeline timeline;
  private final JdbcClient jdbc;
  private final java.time.Clock clock;

  Cases(CaseReader reader, CaseTimeline timeline, JdbcClient jdbc, java.time.Clock clock) {
    this.reader = reader;
    this.timeline = timeline;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public CaseView get(UUID id) {
    return reader.find(id).orElseThrow(() -> new CaseNotFoundException(id));
  }

  /** The creditors of the accounts held, by name. */
  public List<String> creditors() {
    return jdbc.sql("select distinct creditor from account order by 1").query(String.class).list();
  }

  public PageView<CaseView> search(CaseQuery query, int page, int size) {
    return reader.search(query, page, size);
  }

  public List<CaseEvent> timeline(UUID id) {
    get(id);
    return timeline.of(id);
  }

  /** What a payment needs to know about its case. */
  public record PayableCase(UUID caseId, String accountRef, BigDecimal balance, String currency, CaseStatus status,
      java.time.Instant openedAt) {}

  /** The case of a payment, by case id or account ref. */
  public Optional<PayableCase> payable(UUID caseId, String accountRef) {
    // one condition per lookup: an "id = ? or ref = ?" statement gets a generic plan that can use neither index once
    // the driver prepares it, and read every case per payment (measured: ~3,500 rows per payment at 6,000 cases)
    return jdbc.sql(
            "select c.id, a.account_ref, a.balance, a.currency, c.status, c.opened_at"
                + " from collection_case c join account a on a.id = c.account_id"
                + (caseId != null ? " where c.id = :key" : " where a.account_ref = :key"))
        .param("key", caseId != null ? caseId : accountRef)
        .query((rs, n) -> new PayableCase(rs.getObject("id", UUID.class), rs.getString("account_ref"),
            rs.getBigDecimal("balance"), rs.getString("currency"), CaseStatus.valueOf(rs.getString("status")),
            rs.getTimestamp("opened_at").toInstant()))
        .optional();
  }

  /** What a payment did to the balance: before and after; the rest of the payment was more than was owed. */
  public record Applied(BigDecimal before, BigDecimal after) {
    /** The part of the payment that reduced the balance. */
    public BigDecimal applied() {
      return before.subtract(after);
    }
  }

  /**
   * Reduces the case's balance by a payment (never below zero) in the caller's transaction. The account row is locked
   * first, so that concurrent payments of one case apply one after the other and each sees the balance the previous
   * one left (what is beyond it is the caller's to record as a credit).
   */
  @Transactional
  public Applied applyPayment(UUID caseId, BigDecimal amount) {
    return jdbc.sql(
            """
            with locked as (select a.id, a.balance from account a join collection_case c on c.account_id = a.id
                             where c.id = :caseId for update of a)
            update account a set balance = greatest(0, locked.balance - :amount)
              from locked
             where a.id = locked.id
            returning locked.balance as before, a.balance as after
            """)
        .param("amount", amount)
        .param("caseId", caseId)
        .query((rs, n) -> new Applied(rs.getBigDecimal("before"), rs.getBigDecimal("after")))
        .single();
  }

  /** Locks the case's account row for the caller's transaction (a payment on a closed case changes no balance). */
  @Transactional
  public void lockAccount(UUID caseId) {
    jdbc.sql("select a.id from account a join collection_case c on c.account_id = a.id where c.id = :caseId"
        + " for update of a").param("caseId", caseId).query(UUID.class).optional();
  }

  /** Corrects the balance after a partly upheld dispute; returns the balance before the correction. */
  @Transactional
  public BigDecimal correctBalance(UUID caseId, BigDecimal corrected) {
    BigDecimal before = payable(caseId, null).orElseThrow(() -> new CaseNotFoundException(caseId)).balance();
    jdbc.sql(
            """
            update account a set balance = :balance from collection_case c
             where c.account_id = a.id and c.id = :caseId
            """)
        .param("balance", corrected).param("caseId", caseId).update();
    return before;
  }

  /** Records that the case moved to a stage outside the process's own stage elements (a paused dispute). */
  @Transactional
  public void moveToStage(UUID caseId, CaseStage stage, String why) {
    jdbc.sql("update collection_case set stage = :stage where id = :id and status = 'OPEN'")
        .param("stage", stage.name()).param("id", caseId).update();
    timeline.record(caseId, "STAGE_ENTERED", "Entered stage " + stage + ": " + why, Map.of("stage", stage.name()), null);
  }

  /**
   * Records a cease-communication request on the case, once.
   *
   * @return true when newly recorded, false when contact had already ceased
   */
  @Transactional
  public boolean ceaseContact(UUID caseId, String reason) {
    int rows = jdbc.sql(
            "update collection_case set contact_ceased_at = :at, cease_reason = :reason"
                + " where id = :id and contact_ceased_at is null")
        .param("at", java.sql.Timestamp.from(clock.instant())).param("reason", reason).param("id", caseId).update();
    return rows == 1;
  }

  /**
   * Replaces the debtor's phone and/or email after a verification (null keeps the current one) and notes it on the
   * timeline, masked.
   */
  @Transactional
  public void updateContactPoints(UUID caseId, String phone, String email, String sources) {
    jdbc.sql(
            """
            update debtor d set phone = coalesce(:phone, d.phone), email = coalesce(:email, d.email),
                   phone_type = case when cast(:phone as text) is null then d.phone_type else :phoneType end,
                   -- a verified new e-mail address has not bounced; where it came from is not known
                   email_status = case when cast(:email as text) is null then d.email_status end,
                   email_type = case when cast(:email as text) is null then d.email_type end,
                   email_given_by_debtor = case when cast(:email as text) is null then d.email_given_by_debtor
                                           else false end
              from account a join collection_case c on c.account_id = a.id
             where a.debtor_id = d.id and c.id = :id
            """)
        .param("phone", phone).param("email", email).param("id", caseId)
        // an E.164 number is read without a region: its line type decides whether SMS may go to it
        .param("phoneType", phone == null ? null : ContactPointRules.phone(phone, null).lineType())
        .update();
    Map<String, Object> details = new java.util.HashMap<>();
    if (phone != null) {
      details.put("phone", PiiMask.phone(phone));
    }
    if (email != null) {
      details.put("email", PiiMask.email(email));
    }
    details.put("sources", sources == null ? "" : PiiMask.scrubText(sources));
    timeline.record(caseId, "DEBTOR_DETAILS_UPDATED", "Contact details verified and updated", details, null);
  }

  /**
   * Whether the debtor gave us the e-mail address on file themselves (a workplace address is written to only then:
   * 12 CFR 1006.22(f)(3)); noted on the timeline.
   *
   * @return false when there is no e-mail address on file to say it of
   */
  @Transactional
  public boolean emailGivenByDebtor(UUID caseId, boolean given, String source) {
    int rows = jdbc.sql("""
            update debtor d set email_given_by_debtor = :given from account a join collection_case c
                on c.account_id = a.id where a.debtor_id = d.id and c.id = :id and d.email is not null
            """).param("given", given).param("id", caseId).update();
    if (rows == 1) {
      timeline.record(caseId, "EMAIL_PERMISSION_RECORDED", given
          ? "The debtor gave us the e-mail address on file: it may be written to"
          : "The e-mail address on file was not given by the debtor", Map.of("givenByDebtor", given, "source",
          PiiMask.scrubText(source)), null);
    }
    return rows == 1;
  }

  /**
   * Retention: erases the personal data of the debtors of cases closed before {@code closedBefore} (name, phone,
   * e-mail, address); the case, its money and its timeline stay. A debtor of a jurisdiction in
   * {@code activityBefore} keeps them until the last activity on every one of their cases (the latest timeline event)
   * lies before that jurisdiction's time. Returns the cases erased.
   */
  @org.springframework.transaction.annotation.Transactional
  public List<UUID> erasePersonalData(java.time.Instant closedBefore, Map<String, java.time.Instant> activityBefore,
      int limit) {
    // the jurisdictions with a records rule, and for each the time the last activity must lie before
    String[] jurisdictions = activityBefore.keySet().toArray(String[]::new);
    java.sql.Timestamp[] times = activityBefore.values().stream().map(java.sql.Timestamp::from)
        .toArray(java.sql.Timestamp[]::new);
    List<UUID> debtors = jdbc.sql("""
            with rules as (select unnest(cast(:jurisdictions as varchar[])) as jurisdiction,
                                  unnest(cast(:times as timestamptz[])) as activity_before),
            expired as (
              select distinct a.debtor_id from account a join collection_case c on c.account_id = a.id
                join debtor d0 on d0.id = a.debtor_id
               where c.status = 'CLOSED' and c.closed_at < :before
                 and not exists (select 1 from account a3 join collection_case c3 on c3.account_id = a3.id
                                  where a3.debtor_id = a.debtor_id
                                    and (c3.status <> 'CLOSED' or c3.closed_at >= :before))
                 and not exists (select 1 from rules r join account a4 on a4.debtor_id = a.debtor_id
                                   join collection_case c4 on c4.account_id = a4.id
                                   join case_event e on e.case_id = c4.id
                                  where r.jurisdiction = d0.jurisdiction and e.occurred_at >= r.activity_before)
               limit :limit)
            update debtor d set full_name = '(erased)', phone = null, phone_type = null, email = null, address = null,
                   date_of_birth = null
              from expired e where d.id = e.debtor_id and d.full_name <> '(erased)'
            returning d.id
            """)
        .param("before", java.sql.Timestamp.from(closedBefore)).param("limit", limit)
        .param("jurisdictions", jurisdictions).param("times", times)
        .query((rs, n) -> rs.getObject(1, UUID.class)).list();
    List<UUID> erased = debtors.isEmpty() ? List.of() : jdbc.sql(
            "select c.id from collection_case c join account a on a.id = c.account_id where a.debtor_id in (:ids)")
        .param("ids", debtors).query(UUID.class).list();
    for (UUID caseId : erased) {
      timeline.record(caseId, "PERSONAL_DATA_ERASED", "Retention period over: the debtor's personal data was erased",
          null, null);
    }
    return erased;
  }

  /**
   * Today's date where the debtor lives, on the engine clock: the day a promise or a plan is counted from. A promise
   * "for today" made at 8 pm in Chicago is for the Chicago date, which is already tomorrow in UTC.
   */
  public java.time.LocalDate debtorToday(UUID caseId) {
    String zone = jdbc.sql("""
            select d.time_zone from collection_case c join account a on a.id = c.account_id
              join debtor d on d.id = a.debtor_id where c.id = :id
            """).param("id", caseId).query(String.class).optional().orElseThrow(() -> new CaseNotFoundException(caseId));
    return java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of(zone));
  }

  /**
   * Records when the case's process will next act on its own: the date of the timer it is about to wait for (a
   * reminder's cadence, a call held for the contact hours, a promise's or an installment's check). The watchdog
   * ({@link CaseWatchdog}) reads it: a case with no task and no timer ahead is stuck. Called by the worker that sets
   * the timer's date, in its transaction.
   */
  public void expectActivity(UUID caseId, java.time.Instant at) {
    jdbc.sql("update collection_case set next_activity_at = :at where id = :id and status = 'OPEN'")
        .param("at", java.sql.Timestamp.from(at)).param("id", caseId).update();
  }

  /** Unmasked contact details, for the channel adapters that must actually reach the debtor. */
  public Optional<ContactPoints> contactPoints(UUID caseId) {
    return jdbc.sql(
            """
            select * from case_contact_points where case_id = :id
            """)
        .param("id", caseId)
        .query((rs, n) -> contactPoints(rs, ""))
        .optional();
  }

  /**
   * The contact points of a row of the read model {@code case_contact_points} (V41), its columns named with
   * {@code prefix}: for a capability that reads the view inside a statement of its own.
   */
  public static ContactPoints contactPoints(java.sql.ResultSet rs, String prefix) throws java.sql.SQLException {
    return new ContactPoints(
        rs.getString(prefix + "full_name"),
        rs.getString(prefix + "phone"),
        rs.getString(prefix + "email"),
        rs.getString(prefix + "address"),
        rs.getString(prefix + "time_zone"),
        rs.getString(prefix + "jurisdiction"),
        rs.getString(prefix + "account_ref"),
        rs.getBigDecimal(prefix + "balance"),
        rs.getString(prefix + "currency"),
        rs.getBoolean(prefix + "contact_ceased"),
        rs.getBoolean(prefix + "case_open"),
        rs.getString(prefix + "phone_type"),
        rs.getString(prefix + "creditor"),
        rs.getString(prefix + "language"),
        rs.getString(prefix + "email_type"),
        rs.getBoolean(prefix + "email_given_by_debtor"),
        rs.getString(prefix + "email_status"));
  }

  /**
   * How to reach a debtor, and what the message is about. Unmasked: never log or return it as is.
   *
   * @param contactCeased the debtor asked us to stop all communication for this case
   * @param caseOpen false once the case is closed (paid, settled, recalled by the creditor...): nobody is contacted
   * @param phoneType the phone's line type as read ({@link ContactPointRules#phone}); null when not known
   * @param creditor whose debt it is: messages, letters and scripts name them
   * @param language the debtor's language (en, hi, es), null when not known: messages are in it where a template is
   */
  public record ContactPoints(
      String name,
      String phone,
      String email,
      String address,
      String timezone,
      String jurisdiction,
      String accountRef,
      java.math.BigDecimal balance,
      String currency,
      boolean contactCeased,
      boolean caseOpen,
      String phoneType,
      String creditor,
      String language,
      String emailType,
      boolean emailGivenByDebtor,
      String emailStatus) {

    /** A phone that can receive a text message (SMS goes only to mobiles). */
    public boolean textable() {
      return phone != null && !phone.isBlank() && ContactPointRules.receivesSms(phoneType);
    }

    /** Why the e-mail address on file may not be written to (null: it may, or there is none). */
    public String emailUnusable() {
      return email == null || email.isBlank() ? null : ContactPointRules.emailUnusable(emailType, emailGivenByDebtor,
          emailStatus);
    }

    /** An e-mail address on file that may be written to. */
    public boolean emailable() {
      return email != null && !email.isBlank() && emailUnusable() == null;
    }
  }
}
