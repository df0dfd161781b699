package io.recoverly.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads cases with their account and debtor. DPD is derived from the due date and the engine clock, never stored. */
@Component
class CaseReader {

  private static final String SELECT =
      """
      select c.id, a.account_ref, d.full_name, d.phone, d.email, d.address, d.time_zone, d.jurisdiction,
             a.product, a.principal, a.balance, a.currency, a.due_date, c.stage, c.status, c.outcome,
             a.creditor, d.date_of_birth,
             c.strategy, c.first_channel, c.cadence, c.process_instance_key, c.process_version,
             c.opened_at, c.closed_at,
             greatest(0, coalesce((c.closed_at at time zone 'UTC')::date, :today) - a.due_date) as dpd
        from collection_case c
        join account a on a.id = c.account_id
        join debtor d on d.id = a.debtor_id
      """;

  private final JdbcClient jdbc;
  private final Clock clock;

  CaseReader(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  Optional<CaseView> find(UUID id) {
    return jdbc.sql(SELECT + " where c.id = :id")
        .param("today", today())
        .param("id", id)
        .query((rs, n) -> map(rs))
        .optional();
  }

  PageView<CaseView> search(CaseQuery query, int page, int size) {
    List<String> where = new ArrayList<>();
    var params = new java.util.HashMap<String, Object>();
    params.put("today", today());
    if (query.stage() != null) {
      where.add("c.stage = :stage");
      params.put("stage", query.stage().name());
    }
    if (query.status() != null) {
      where.add("c.status = :status");
      params.put("status", query.status().name());
    }
    if (query.jurisdiction() != null) {
      where.add("d.jurisdiction = :jurisdiction");
      params.put("jurisdiction", query.jurisdiction());
    }
    if (query.creditor() != null) {
      where.add("a.creditor = :creditor");
      params.put("creditor", query.creditor());
    }
    if (query.product() != null) {
      where.add("a.product = :product");
      params.put("product", query.product());
    }
    if (query.dpdBucket() != null) {
      where.add(
          "greatest(0, coalesce((c.closed_at at time zone 'UTC')::date, :today) - a.due_date) between :dpdMin and :dpdMax");
      params.put("dpdMin", query.dpdBucket().min());
      params.put("dpdMax", query.dpdBucket().max());
    }
    if (query.text() != null) {
      // each kind of match on its own index (trigram V18, V23; b-tree V43), one union: an "or" across the joined tables
      // would read every debtor. The reference and the name match a fragment anywhere; the contact points, which the
      // case view masks, match only as much as the mask shows or the whole of them (a caller's number, the sender of
      // an e-mail): a fragment of them would let anyone rebuild a number or an address a digit at a time without an
      // audited reveal
      String literal = query.text().strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
          .replace("_", "\\_");
      params.put("anywhere", "%" + literal + "%");
      // equality on b-tree indexes (V43): the whole address, the last 4 digits, the last 10 (a national number)
      params.put("whole", query.text().strip().toLowerCase(Locale.ROOT));
      String digits = query.text().replaceAll("[^0-9]", "");
      String byPhone = "";
      // the last 4 digits (what the mask shows) or the last 10 (a whole national number); each length its own index
      int last = digits.length() == PiiMask.PHONE_DIGITS_SHOWN ? PiiMask.PHONE_DIGITS_SHOWN
          : digits.length() >= WHOLE_NATIONAL_NUMBER ? WHOLE_NATIONAL_NUMBER : 0;
      if (last > 0 && query.text().strip().replaceAll("[\\s()+.-]", "").matches("[0-9]+")) {
        params.put("lastDigits", digits.substring(digits.length() - last));
        byPhone = " union select z.id from debtor z where right(regexp_replace(z.phone, '[^0-9]', '', 'g'), " + last
            + ") = :lastDigits";
      }
      where.add("a.id in (select x.id from account x where lower(x.account_ref) like :anywhere escape '\\'"
          + " union select y.id from account y where y.debtor_id in ("
          + "select z.id from debtor z where z.full_name ilike :anywhere escape '\\'"
          + " union select z.id from debtor z where lower(z.email) = :whole" + byPhone + "))");
    }
    String filter = where.isEmpty() ? "" : " where " + String.join(" and ", where);
    long total =
        jdbc.sql(
                "select count(*) from collection_case c join account a on a.id = c.account_id"
                    + " join debtor d on d.id = a.debtor_id"
                    + filter)
            .params(params)
            .query(Long.class)
            .single();
    params.put("limit", size);
    params.put("offset", (long) page * size);
    List<CaseView> items =
        jdbc.sql(SELECT + filter + " order by c.opened_at, c.id limit :limit offset :offset")
            .params(params)
            .query((rs, n) -> map(rs))
            .list();
    return PageView.of(items, page, size, total);
  }

  /** A phone search of at least this many digits is a whole national number (the last ones of the stored number). */
  static final int WHOLE_NATIONAL_NUMBER = 10;

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static CaseView map(ResultSet rs) throws SQLException {
    int dpd = rs.getInt("dpd");
    String strategy = rs.getString("strategy");
    return new CaseView(
        rs.getObject("id", UUID.class),
        rs.getString("account_ref"),
        new CaseView.DebtorView(
            rs.getString("full_name"),
            PiiMask.phone(rs.getString("phone")),
            PiiMask.email(rs.getString("email")),
            PiiMask.address(rs.getString("address")),
            rs.getString("time_zone"),
            rs.getString("jurisdiction"),
            rs.getDate("date_of_birth") == null ? null : PiiMask.dateOfBirth()),
        rs.getString("creditor"),
        rs.getString("product"),
        rs.getBigDecimal("principal"),
        rs.getBigDecimal("balance"),
        rs.getString("currency"),
        rs.getObject("due_date", LocalDate.class),
        dpd,
        DpdBucket.of(dpd).label(),
        CaseStage.valueOf(rs.getString("stage")),
        CaseStatus.valueOf(rs.getString("status")),
        rs.getString("outcome"),
        strategy == null
            ? null
            : new CaseView.Strategy(strategy, rs.getString("first_channel"), rs.getString("cadence")),
        (Long) rs.getObject("process_instance_key"),
        (Integer) rs.getObject("process_version"),
        instant(rs.getTimestamp("opened_at")),
        instant(rs.getTimestamp("closed_at")));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
