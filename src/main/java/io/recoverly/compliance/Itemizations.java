package io.recoverly.compliance;

import io.recoverly.web.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which itemization date each creditor uses (compliance chooses one of the five of 12 CFR 1006.34(b)(3); without a
 * choice, the last statement date), and a case's itemization from the cases' read model {@code case_itemization}.
 * The choice is kept: a creditor's basis changes only for notices not yet sent, and a notice sent again itemizes as
 * the first one did (the notice keeps its figures).
 */
@Service
public class Itemizations {

  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final io.recoverly.security.CurrentActor current;
  private final Clock clock;

  Itemizations(JdbcClient jdbc, AuditTrail audit, io.recoverly.security.CurrentActor current, Clock clock) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.current = current;
    this.clock = clock;
  }

  /** A creditor and its itemization basis ({@code chosen}: false when it is the default). */
  public record CreditorProfile(String creditor, String itemizationBasis, boolean chosen, String updatedBy,
      Instant updatedAt) {}

  /** Every creditor of the accounts held, with its basis. */
  public List<CreditorProfile> creditors(List<String> creditors) {
    Map<String, CreditorProfile> chosen = new java.util.HashMap<>();
    jdbc.sql("select * from creditor_profile").query((rs, n) -> new CreditorProfile(rs.getString("creditor"),
        rs.getString("itemization_basis"), true, rs.getString("updated_by"), rs.getTimestamp("updated_at")
        .toInstant())).list().forEach(p -> chosen.put(p.creditor(), p));
    java.util.TreeSet<String> names = new java.util.TreeSet<>(creditors);
    names.addAll(chosen.keySet());
    return names.stream().map(c -> chosen.getOrDefault(c, new CreditorProfile(c, Itemization.DEFAULT_BASIS, false,
        null, null))).toList();
  }

  /** Compliance chooses a creditor's itemization date; audited. */
  @Transactional
  public CreditorProfile choose(String creditor, String basis) {
    if (creditor == null || creditor.isBlank() || creditor.length() > 120) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid creditor", "a creditor's name, 1-120 characters")
          .field("creditor").exception();
    }
    String b = basis == null ? "" : basis.strip().toUpperCase(Locale.ROOT);
    if (!Itemization.BASES.contains(b)) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid itemization date", "one of " + Itemization.BASES
          + " (12 CFR 1006.34(b)(3))").field("itemizationBasis").exception();
    }
    String by = current.find().map(a -> a.username()).orElse("system");
    var kept = jdbc.sql("select itemization_basis from creditor_profile where creditor = :c")
        .param("c", creditor).query(String.class).optional();
    String before = kept.orElse(Itemization.DEFAULT_BASIS);
    if (kept.isPresent() && before.equals(b)) {
      // the same choice again changes nothing, and is not a change to audit
      return creditors(List.of(creditor)).stream().filter(p -> p.creditor().equals(creditor)).findFirst()
          .orElseThrow();
    }
    jdbc.sql("""
            insert into creditor_profile (creditor, itemization_basis, updated_by, updated_at)
            values (:c, :b, :by, :at)
            on conflict (creditor) do update set itemization_basis = excluded.itemization_basis,
                   updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """)
        .param("c", creditor).param("b", b).param("by", by).param("at", Timestamp.from(clock.instant())).update();
    audit.record("ITEMIZATION_BASIS_CHANGED", null, null, "Itemization date of " + creditor + ": " + b,
        Map.of("itemizationBasis", before), Map.of("itemizationBasis", b));
    return creditors(List.of(creditor)).stream().filter(p -> p.creditor().equals(creditor)).findFirst()
        .orElseThrow();
  }

  /** The itemization of a case's debt now, by its creditor's basis. */
  public Itemization of(UUID caseId) {
    return jdbc.sql("""
            select i.*, coalesce(p.itemization_basis, :default) as basis from case_itemization i
              left join creditor_profile p on p.creditor = i.creditor where i.case_id = :id
            """)
        .param("id", caseId).param("default", Itemization.DEFAULT_BASIS)
        .query((rs, n) -> Itemization.of(rs.getString("basis"),
            rs.getDate("itemization_date") == null ? null : rs.getDate("itemization_date").toLocalDate(),
            rs.getDate("due_date").toLocalDate(), rs.getBigDecimal("itemization_amount"),
            rs.getBigDecimal("interest_since"), rs.getBigDecimal("fees_since"), rs.getBigDecimal("payments_since"),
            rs.getBigDecimal("placed_balance"), rs.getBigDecimal("balance")))
        .single();
  }
}
