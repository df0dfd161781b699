package io.recoverly.cases;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Read access to cases for the API and for other capabilities. */
@Service
public class Cases {

  private final CaseReader reader;
  private final CaseTimeline timeline;
  private final JdbcClient jdbc;

  Cases(CaseReader reader, CaseTimeline timeline, JdbcClient jdbc) {
    this.reader = reader;
    this.timeline = timeline;
    this.jdbc = jdbc;
  }

  public CaseView get(UUID id) {
    return reader.find(id).orElseThrow(() -> new CaseNotFoundException(id));
  }

  public PageView<CaseView> search(CaseQuery query, int page, int size) {
    return reader.search(query, page, size);
  }

  public List<CaseEvent> timeline(UUID id) {
    get(id);
    return timeline.of(id);
  }

  /** Unmasked contact details, for the channel adapters that must actually reach the debtor. */
  public Optional<ContactPoints> contactPoints(UUID caseId) {
    return jdbc.sql(
            """
            select d.full_name, d.phone, d.email, d.address, d.time_zone, d.jurisdiction, a.account_ref,
                   a.balance, a.currency
              from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id
             where c.id = :id
            """)
        .param("id", caseId)
        .query(
            (rs, n) ->
                new ContactPoints(
                    rs.getString("full_name"),
                    rs.getString("phone"),
                    rs.getString("email"),
                    rs.getString("address"),
                    rs.getString("time_zone"),
                    rs.getString("jurisdiction"),
                    rs.getString("account_ref"),
                    rs.getBigDecimal("balance"),
                    rs.getString("currency")))
        .optional();
  }

  /** How to reach a debtor, and what the message is about. Unmasked: never log or return it as is. */
  public record ContactPoints(
      String name,
      String phone,
      String email,
      String address,
      String timezone,
      String jurisdiction,
      String accountRef,
      java.math.BigDecimal balance,
      String currency) {}
}
