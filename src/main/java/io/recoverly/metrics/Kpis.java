package io.recoverly.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The collection KPIs of DESIGN §7 for a period [from, to) (engine dates, UTC) and optional filters, computed from the
 * recorded facts. Rates are null when their denominator is zero (no data is not 0 %).
 */
@Service
public class Kpis {

  private final JdbcClient jdbc;
  private final Clock clock;

  Kpis(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Filters; null means all. */
  public record Query(LocalDate from, LocalDate to, String product, String jurisdiction) {}

  public record Recovery(String currency, BigDecimal placed, BigDecimal collected, BigDecimal rate) {}

  public record Promises(long made, long due, long kept, long broken, BigDecimal keptRate, BigDecimal ptpRate) {}

  public record Contacts(long attempts, long calls, long rightPartyContacts, BigDecimal rightPartyContactRate,
      Map<String, Long> byChannel, Map<String, Long> blockedByRule) {}

  public record Sla(long due, long breached, BigDecimal breachRate) {}

  public record Agent(String agent, long tasksCompleted, long contacts, long promises) {}

  /** How long cases stayed in a stage they entered in the period (until they left it, or until now). */
  public record StageTime(String stage, long entries, double averageHours, double p90Hours) {}

  public record Report(Query query, long openCases, Map<String, Long> casesByStage, Map<String, Long> agingBuckets,
      List<Recovery> recovery, Promises promises, Contacts contacts, Sla sla, List<Agent> agents,
      List<StageTime> timeInStage) {}

  /** Calls that reached the debtor (the outcomes that need a conversation). */
  static final String CONVERSATION = "('RIGHT_PARTY_CONTACT', 'PROMISE_TO_PAY', 'SETTLEMENT_REQUESTED',"
      + " 'PLAN_REQUESTED', 'HARDSHIP', 'DISPUTE', 'REFUSED')";

  public Report compute(Query q) {
    Map<String, Object> p = new HashMap<>();
    p.put("from", Timestamp.from(q.from().atStartOfDay().toInstant(ZoneOffset.UTC)));
    p.put("to", Timestamp.from(q.to().atStartOfDay().toInstant(ZoneOffset.UTC)));
    p.put("fromDate", q.from());
    p.put("toDate", q.to());
    p.put("today", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    p.put("now", Timestamp.from(clock.instant()));
    p.put("product", q.product());
    p.put("jurisdiction", q.jurisdiction());
    // the cases the filters select (a common table expression every query starts from)
    String cases = """
        with sel as (
          select c.id, c.stage, c.status, c.opened_at, a.balance, a.placed_balance, a.currency, a.due_date
            from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id
           where (cast(:product as text) is null or a.product = :product)
             and (cast(:jurisdiction as text) is null or d.jurisdiction = :jurisdiction))
        """;

    Map<String, Long> byStage = new LinkedHashMap<>();
    jdbc.sql(cases + "select stage, count(*) from sel where status = 'OPEN' group by stage order by stage").params(p)
        .query((rs, n) -> byStage.put(rs.getString(1), rs.getLong(2))).list();
    long open = byStage.values().stream().mapToLong(Long::longValue).sum();

    Map<String, Long> aging = new LinkedHashMap<>();
    for (String bucket : List.of("1-30", "31-60", "61-90", "90+")) {
      aging.put(bucket, 0L);
    }
    jdbc.sql(cases + """
            select case when :today - due_date <= 30 then '1-30' when :today - due_date <= 60 then '31-60'
                        when :today - due_date <= 90 then '61-90' else '90+' end as bucket, count(*)
              from sel where status = 'OPEN' and :today - due_date >= 1 group by bucket
            """).params(p).query((rs, n) -> aging.put(rs.getString(1), rs.getLong(2))).list();

    List<Recovery> recovery = jdbc.sql(cases + """
            select s.currency, sum(s.placed_balance) as placed,
                   coalesce((select sum(pay.amount) from payment pay join sel s2 on s2.id = pay.case_id
                              where s2.currency = s.currency and pay.paid_at >= :from and pay.paid_at < :to), 0)
                     as collected
              from sel s where s.opened_at < :to group by s.currency order by s.currency
            """).params(p)
        .query((rs, n) -> new Recovery(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
            rate(rs.getBigDecimal(3), rs.getBigDecimal(2))))
        .list();

    var promiseRow = jdbc.sql(cases + """
            select count(*) filter (where pr.made_at >= :from and pr.made_at < :to) as made,
                   count(*) filter (where pr.promised_for >= :fromDate and pr.promised_for < :toDate
                                      and pr.state <> 'OPEN') as due,
                   count(*) filter (where pr.promised_for >= :fromDate and pr.promised_for < :toDate
                                      and pr.state = 'KEPT') as kept,
                   count(*) filter (where pr.promised_for >= :fromDate and pr.promised_for < :toDate
                                      and pr.state = 'BROKEN') as broken
              from promise pr join sel on sel.id = pr.case_id
            """).params(p).query().singleRow();

    var contactRow = jdbc.sql(cases + """
            select count(*) filter (where coalesce(ca.guard_allowed, true)) as attempts,
                   count(*) filter (where ca.channel = 'CALL' and coalesce(ca.guard_allowed, true)) as calls,
                   count(*) filter (where ca.channel = 'CALL' and ca.outcome in\s""" + CONVERSATION + """
            ) as rpc
              from contact_attempt ca join sel on sel.id = ca.case_id
             where ca.attempted_at >= :from and ca.attempted_at < :to
            """).params(p).query().singleRow();
    Map<String, Long> byChannel = new LinkedHashMap<>();
    jdbc.sql(cases + """
            select ca.channel, count(*) from contact_attempt ca join sel on sel.id = ca.case_id
             where ca.attempted_at >= :from and ca.attempted_at < :to and coalesce(ca.guard_allowed, true)
             group by ca.channel order by ca.channel
            """).params(p).query((rs, n) -> byChannel.put(rs.getString(1), rs.getLong(2))).list();
    Map<String, Long> blocked = new LinkedHashMap<>();
    jdbc.sql(cases + """
            select ca.guard_rule, count(*) from contact_attempt ca join sel on sel.id = ca.case_id
             where ca.attempted_at >= :from and ca.attempted_at < :to and ca.guard_allowed = false
             group by ca.guard_rule order by ca.guard_rule
            """).params(p).query((rs, n) -> blocked.put(rs.getString(1), rs.getLong(2))).list();
    long calls = ((Number) contactRow.get("calls")).longValue();
    long rpc = ((Number) contactRow.get("rpc")).longValue();
    long made = ((Number) promiseRow.get("made")).longValue();
    long due = ((Number) promiseRow.get("due")).longValue();
    long kept = ((Number) promiseRow.get("kept")).longValue();
    Promises promises = new Promises(made, due, kept, ((Number) promiseRow.get("broken")).longValue(),
        rate(BigDecimal.valueOf(kept), BigDecimal.valueOf(due)), rate(BigDecimal.valueOf(made), BigDecimal.valueOf(rpc)));
    Contacts contacts = new Contacts(((Number) contactRow.get("attempts")).longValue(), calls, rpc,
        rate(BigDecimal.valueOf(rpc), BigDecimal.valueOf(calls)), byChannel, blocked);

    var slaRow = jdbc.sql(cases + """
            select count(*) as due,
                   count(*) filter (where (t.state = 'COMPLETED' and t.completed_at > t.due_at)
                                       or (t.state = 'OPEN' and t.due_at < :now)) as breached
              from user_task t join sel on sel.id = t.case_id
             where t.due_at >= :from and t.due_at < :to and t.state <> 'CANCELED'
            """).params(p).query().singleRow();
    long slaDue = ((Number) slaRow.get("due")).longValue();
    long breached = ((Number) slaRow.get("breached")).longValue();
    Sla sla = new Sla(slaDue, breached, rate(BigDecimal.valueOf(breached), BigDecimal.valueOf(slaDue)));

    List<Agent> agents = jdbc.sql(cases + """
            select agent, sum(tasks) as tasks, sum(contacts) as contacts, sum(promises) as promises from (
              select t.completed_by as agent, 1 as tasks, 0 as contacts, 0 as promises
                from user_task t join sel on sel.id = t.case_id
               where t.state = 'COMPLETED' and t.completed_at >= :from and t.completed_at < :to
              union all
              select ca.agent, 0, 1, case when ca.outcome = 'PROMISE_TO_PAY' then 1 else 0 end
                from contact_attempt ca join sel on sel.id = ca.case_id
               where ca.agent is not null and ca.attempted_at >= :from and ca.attempted_at < :to) x
             group by agent order by agent
            """).params(p)
        .query((rs, n) -> new Agent(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();

    // stage visits from the timeline: a STAGE_ENTERED lasts until the case's next stage entry or closure (or now)
    List<StageTime> timeInStage = jdbc.sql(cases + """
            , visits as (
              select e.details ->> 'stage' as stage, e.occurred_at as entered, e.type,
                     lead(e.occurred_at) over (partition by e.case_id order by e.occurred_at, e.id) as left_at
                from case_event e join sel on sel.id = e.case_id
               where e.type in ('STAGE_ENTERED', 'CASE_CLOSED'))
            select stage, count(*) as entries,
                   avg(extract(epoch from coalesce(left_at, :now) - entered)) / 3600 as avg_hours,
                   percentile_cont(0.9) within group (order by extract(epoch from coalesce(left_at, :now) - entered))
                     / 3600 as p90_hours
              from visits where type = 'STAGE_ENTERED' and entered >= :from and entered < :to
             group by stage order by stage
            """).params(p)
        .query((rs, n) -> new StageTime(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4))).list();

    return new Report(q, open, byStage, aging, recovery, promises, contacts, sla, agents, timeInStage);
  }

  /** numerator / denominator to 4 decimals, or null when there is nothing to divide by. */
  static BigDecimal rate(BigDecimal numerator, BigDecimal denominator) {
    if (denominator == null || denominator.signum() == 0) {
      return null;
    }
    return numerator.divide(denominator, 4, RoundingMode.HALF_UP);
  }
}
