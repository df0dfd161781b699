package io.recoverly.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.response.ActivatedJob;
import io.recoverly.cases.CaseClosed;
import io.recoverly.cases.CaseTimeline;
import io.recoverly.engine.Engine;
import io.recoverly.engine.EngineCommandSettled;
import io.recoverly.engine.EngineCommands;
import io.recoverly.models.FormCatalog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The task store and its operations. Every state change is guarded in SQL, so concurrent agents cannot collide. */
@Service
public class Tasks {

  private static final Logger log = LoggerFactory.getLogger(Tasks.class);
  static final String CANDIDATE_GROUPS = "io.camunda.zeebe:candidateGroups";
  static final String FORM_KEY = "io.camunda.zeebe:formKey";
  static final String DUE_DATE = "io.camunda.zeebe:dueDate";
  static final String ASSIGNEE = "io.camunda.zeebe:assignee";
  /** Task header of a user task that is not part of the case's collection (a credit refund): it outlives the case. */
  static final String OUTLIVES_CASE = "outlivesCase";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final EngineCommands commands;
  private final TransactionTemplate tx;
  private final Engine engine;
  private final FormCatalog forms;
  private final CaseTimeline timeline;
  private final Clock clock;
  private final ObjectMapper json;
  private final ApplicationEventPublisher events;
  private final ObjectProvider<TaskCompletionCheck> checks;
  private final ObjectProvider<TaskAvailability> availability;
  /**
   * The rules and checks, resolved once on first use (they depend on this store, so they cannot be injected as a
   * list): resolving an ObjectProvider's stream walks the bean factory, and that on every timeline event cost the
   * service path a fifth of its workers' time (measured with JFR in the service benchmark).
   */
  private volatile Wired wired;

  private record Wired(List<TaskAvailability> rules, java.util.Set<String> factEvents,
      List<TaskCompletionCheck> checks) {}

  private Wired wired() {
    Wired w = wired;
    if (w == null) {
      List<TaskAvailability> rules = availability.orderedStream().toList();
      w = new Wired(rules, rules.stream().flatMap(r -> r.factEvents().stream())
          .collect(java.util.stream.Collectors.toUnmodifiableSet()), checks.orderedStream().toList());
      wired = w;
    }
    return w;
  }

  Tasks(JdbcClient jdbc, EngineCommands commands, TransactionTemplate tx, Engine engine, FormCatalog forms,
      CaseTimeline timeline, Clock clock, ObjectMapper json, ApplicationEventPublisher events,
      ObjectProvider<TaskCompletionCheck> checks, ObjectProvider<TaskAvailability> availability) {
    this.availability = availability;
    this.events = events;
    this.checks = checks;
    this.jdbc = jdbc;
    this.commands = commands;
    this.tx = tx;
    this.engine = engine;
    this.forms = forms;
    this.timeline = timeline;
    this.clock = clock;
    this.json = json;
  }

  /** The form a task is rendered and validated with: the exact version it was created with, when known. */
  public java.util.Optional<com.fasterxml.jackson.databind.JsonNode> formOf(TaskView task) {
    List<Long> keys = jdbc.sql("select form_key from user_task where id = :id").param("id", task.id())
        .query((rs, n) -> (Long) rs.getObject(1)).list();
    Long formKey = keys.isEmpty() ? null : keys.getFirst();
    return forms.formFor(formKey, task.formId());
  }

  /** What the task's form shows besides its fields ({@link FormTemplateData}); empty when it names nothing. */
  public Map<String, Object> formData(UUID id) {
    String data = jdbc.sql("select form_data from user_task where id = :id").param("id", id).query(String.class)
        .optional().orElse(null);
    if (data == null) {
      return Map.of();
    }
    try {
      return json.readValue(data, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stores a user-task job once; a redelivered job (same key) changes nothing. */
  @Transactional
  void store(ActivatedJob job) {
    Map<String, String> headers = job.getCustomHeaders();
    String formId = null;
    Long formKeyValue = null;
    if (headers.containsKey(FORM_KEY)) {
      String formKey = headers.get(FORM_KEY);
      if (formKey.matches("\\d{1,18}")) {
        formKeyValue = Long.parseLong(formKey);
        long key = formKeyValue;
        // a form the engine knows and the database does not yet: its deployment is committing on another node; a
        // task stored without its form could never be completed, so the job fails and comes back in a moment
        formId = forms.formIdForKey(key).orElseThrow(() -> new IllegalStateException(
            "form key " + key + " is not in the model registry yet (a deployment still committing?)"));
      } else {
        formId = formKey;
      }
    }
    Map<String, Object> variables = job.getVariablesAsMap();
    Object caseId = variables.get("caseId");
    UUID taskId = UUID.randomUUID();
    // what the form's text shows besides its fields (the offer and the limits of a settlement to approve)
    Map<String, Object> formData = formId == null ? Map.of()
        : forms.formFor(formKeyValue, formId).map(f -> FormTemplateData.of(f, variables)).orElse(Map.of());
    // when it can be worked, asked before it is stored (one write of the row, not an insert and an update)
    Stored window = window(caseId == null ? null : UUID.fromString(caseId.toString()), job.getElementId());
    int rows = jdbc.sql(
            """
            insert into user_task (id, engine_incarnation, job_key, case_id, process_instance_key, element_id, name,
                                   candidate_groups, form_id, form_key, state, assignee, due_at, created_at,
                                   outlives_case, form_data, actionable_from, actionable_until, blocked_rule,
                                   blocked_reason, recheck_at)
            values (:id, :incarnation, :jobKey, :caseId, :instance, :elementId, :name, :groups, :formId, :formKey,
                    'OPEN', :assignee, :due, :at, :outlives, cast(:formData as jsonb), :from, :until, :rule, :reason,
                    :recheck)
            on conflict (engine_incarnation, job_key) do nothing
            """)
        .params(window.params())
        .param("id", taskId)
        .param("incarnation", engine.incarnation())
        .param("jobKey", job.getKey())
        .param("caseId", caseId == null ? null : UUID.fromString(caseId.toString()))
        .param("instance", job.getProcessInstanceKey())
        .param("elementId", job.getElementId())
        .param("name", readable(job.getElementId()))
        .param("groups", String.join(",", groups(headers.get(CANDIDATE_GROUPS))))
        .param("formId", formId)
        .param("formKey", formKeyValue)
        .param("assignee", headers.get(ASSIGNEE))
        .param("due", headers.containsKey(DUE_DATE) ? Timestamp.from(dueDate(headers.get(DUE_DATE))) : null)
        .param("at", Timestamp.from(clock.instant()))
        .param("outlives", "true".equalsIgnoreCase(headers.get(OUTLIVES_CASE)))
        .param("formData", formData.isEmpty() ? null : toJson(formData))
        .update();
    if (rows == 1 && caseId != null && !"true".equalsIgnoreCase(headers.get(OUTLIVES_CASE))) {
      // the models give a case one open task of its collection at a time: a new one means the engine moved on from
      // the one before (a dispute or a cease request interrupted it), which leaves the inboxes now
      int replaced = jdbc.sql("""
              update user_task set state = 'CANCELED'
               where case_id = :caseId and state = 'OPEN' and not outlives_case and job_key <> :jobKey
              """)
          .param("caseId", UUID.fromString(caseId.toString())).param("jobKey", job.getKey()).update();
      if (replaced > 0) {
        log.info("Task {} of case {} replaces {} earlier open task(s) the process moved on from", job.getElementId(),
            caseId, replaced);
      }
    }
    if (rows == 1 && caseId != null) {
      timeline.record(UUID.fromString(caseId.toString()), "TASK_CREATED",
          readable(job.getElementId()) + " task for " + String.join(", ", groups(headers.get(CANDIDATE_GROUPS))),
          Map.of("elementId", job.getElementId()), null);
    }
  }

  /**
   * Asks the rules when the task can be worked and keeps the answer on it; a task no rule has a say on can be worked at
   * once. The store asks again when the window opens or closes ({@code recheck_at}).
   */
  private void updateAvailability(UUID taskId, UUID caseId, String elementId) {
    Stored window = window(caseId, elementId);
    jdbc.sql("""
            update user_task set actionable_from = :from, actionable_until = :until, blocked_rule = :rule,
                                 blocked_reason = :reason, recheck_at = :recheck
             where id = :id and state = 'OPEN'
            """)
        .params(window.params()).param("id", taskId).update();
  }

  /** A task's window as the task row keeps it: the rule's answer, and when to ask again. */
  private record Stored(Instant from, Instant until, String rule, String reason, Instant recheck) {
    Map<String, Object> params() {
      Map<String, Object> p = new HashMap<>();
      p.put("from", from == null ? null : Timestamp.from(from));
      p.put("until", until == null ? null : Timestamp.from(until));
      p.put("rule", rule);
      p.put("reason", reason);
      p.put("recheck", recheck == null ? null : Timestamp.from(recheck));
      return p;
    }
  }

  private Stored window(UUID caseId, String elementId) {
    Instant now = clock.instant();
    TaskAvailability.Window window = null;
    for (TaskAvailability rule : wired().rules()) {
      window = rule.of(caseId, elementId);
      if (window != null) {
        break;
      }
    }
    if (window == null) {
      window = new TaskAvailability.Window(now, null, null, null);
    }
    Instant from = window.from();
    // look again when a window that has not opened opens, and when an open one closes
    Instant recheck = from != null && from.isAfter(now) ? from : window.until();
    return new Stored(from, window.until(), window.rule(), window.reason(), recheck);
  }

  /**
   * A fact of the case changed (a dispute, a cease request, an opt-out, new contact details, the validation notice
   * sent: the events the rules name, {@link TaskAvailability#factEvents}): its open tasks are asked again. They are marked in the transaction that changed the fact and asked after it
   * commits (so that the rules read the change); a node that dies in between leaves them marked for the sweep.
   */
  @EventListener
  void onCaseEvent(io.recoverly.cases.CaseEventRecorded event) {
    if (event.caseId() == null
        || !wired().factEvents().contains(event.type())) {
      return;
    }
    boolean open = jdbc.sql("select exists (select 1 from user_task where case_id = :caseId and state = 'OPEN')")
        .param("caseId", event.caseId()).query(Boolean.class).single();
    if (!open) {
      return;
    }
    // marked without waiting: a task another transaction holds (an agent completing it) is not waited for, which
    // could let that transaction and this one wait on each other; the re-ask after the commit covers it
    jdbc.sql("update user_task set recheck_at = :epoch where id in (select id from user_task"
            + " where case_id = :caseId and state = 'OPEN' for update skip locked)")
        .param("epoch", Timestamp.from(Instant.EPOCH)).param("caseId", event.caseId()).update();
    UUID caseId = event.caseId();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          try {
            recheckCase(caseId);
          } catch (RuntimeException e) {
            log.warn("Availability of the tasks of case {} left to the sweep: {}", caseId, e.toString());
          }
        }
      });
    } else {
      recheckCase(caseId);
    }
  }

  private void recheckCase(UUID caseId) {
    tx.executeWithoutResult(status -> recheckLocked(jdbc.sql("""
            select id, case_id, element_id from user_task
             where case_id = :caseId and state = 'OPEN' for update skip locked
            """).param("caseId", caseId)));
  }

  /** Asks the rules again for each task the statement selects (id, case id, element id); returns how many. */
  private int recheckLocked(JdbcClient.StatementSpec select) {
    List<Object[]> tasks = select
        .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)})
        .list();
    tasks.forEach(t -> updateAvailability((UUID) t[0], (UUID) t[1], (String) t[2]));
    return tasks.size();
  }

  /**
   * Asks again for the open tasks whose window opened or closed (or that a fact change marked), in batches; each batch
   * is locked with SKIP LOCKED, so that several nodes share the work. Returns how many tasks were asked again.
   */
  public int recheckDue(int batch) {
    int total = 0;
    while (true) {
      Integer done = tx.execute(status -> recheckLocked(jdbc.sql("""
              select id, case_id, element_id from user_task
               where state = 'OPEN' and recheck_at <= :now
               order by recheck_at limit :batch for update skip locked
              """).param("now", Timestamp.from(clock.instant())).param("batch", batch)));
      total += done == null ? 0 : done;
      if (done == null || done < batch) {
        return total;
      }
    }
  }

  /** Every open task is asked again by the sweep (a contact rule of a jurisdiction changed). */
  @Transactional
  public int recheckAll() {
    return jdbc.sql("update user_task set recheck_at = :epoch where state = 'OPEN'")
        .param("epoch", Timestamp.from(Instant.EPOCH)).update();
  }

  /**
   * Filters and order for the inbox; null means no filter.
   *
   * @param groups candidate groups (a task matches when it offers any of them)
   * @param orAssignedTo with groups: also the tasks assigned to this user, whatever their group (an agent's inbox)
   * @param search an account reference (prefix) or part of the debtor's name, case-insensitive
   * @param actionable true: only the tasks that can be worked now; false: only those that cannot; null: both, the
   *     workable ones first
   * @param sort priority (default: workable now first, then due date (overdue first), then days past due, then
   *     balance), due, dpd, balance or created
   */
  public record TaskQuery(List<String> groups, String orAssignedTo, String assignee, String state, UUID caseId,
      String elementId, String stage, String jurisdiction, Boolean overdue, String sort, String search,
      Boolean actionable, String creditor) {

    public TaskQuery(List<String> groups, String orAssignedTo, String assignee, String state, UUID caseId,
        String elementId, String stage, String jurisdiction, Boolean overdue, String sort, String search,
        Boolean actionable) {
      this(groups, orAssignedTo, assignee, state, caseId, elementId, stage, jurisdiction, overdue, sort, search,
          actionable, null);
    }

    public TaskQuery(List<String> groups, String orAssignedTo, String assignee, String state, UUID caseId,
        String elementId, String stage, String jurisdiction, Boolean overdue, String sort, String search) {
      this(groups, orAssignedTo, assignee, state, caseId, elementId, stage, jurisdiction, overdue, sort, search, null);
    }
  }

  /**
   * The orders within the workable and the not-workable tasks. Every order leads with a column of the task (the due
   * date, overdue first, is the priority's leading key), so that the database walks an index and stops at the page.
   */
  static final Map<String, String> ORDER = Map.of(
      "priority", "t.due_at nulls last, dpd desc, a.balance desc, t.created_at",
      "due", "t.due_at nulls last, t.created_at",
      "dpd", "dpd desc, t.created_at",
      "balance", "a.balance desc, t.created_at",
      "created", "t.created_at");

  public PageView list(TaskQuery query, int page, int size) {
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new HashMap<>(timeParams());
    boolean joins = false;
    where.add("t.state = :state");
    String state = query.state() == null ? "OPEN" : query.state().toUpperCase(Locale.ROOT);
    params.put("state", state);
    if (query.groups() != null && !query.groups().isEmpty()) {
      String inGroups = "t.groups && string_to_array(:groups, ',')";
      params.put("groups", String.join(",", query.groups()));
      if (query.orAssignedTo() != null) {
        where.add("(" + inGroups + " or t.assignee = :me)");
        params.put("me", query.orAssignedTo());
      } else {
        where.add(inGroups);
      }
    } else if (query.orAssignedTo() != null) {
      where.add("t.assignee = :me");
      params.put("me", query.orAssignedTo());
    }
    if (query.assignee() != null) {
      where.add("t.assignee = :assignee");
      params.put("assignee", query.assignee());
    }
    if (query.caseId() != null) {
      where.add("t.case_id = :caseId");
      params.put("caseId", query.caseId());
    }
    if (query.elementId() != null) {
      where.add("t.element_id = :elementId");
      params.put("elementId", query.elementId());
    }
    if (query.stage() != null) {
      where.add("c.stage = :stage");
      params.put("stage", query.stage().toUpperCase(Locale.ROOT));
      joins = true;
    }
    if (query.creditor() != null) {
      // the lender the account belongs to (issue 20): an agency's supervisor works one lender's book at a time
      where.add("a.creditor = :creditor");
      params.put("creditor", query.creditor());
      joins = true;
    }
    if (query.jurisdiction() != null) {
      where.add("d.jurisdiction = :jurisdiction");
      params.put("jurisdiction", query.jurisdiction().toUpperCase(Locale.ROOT));
      joins = true;
    }
    if (query.search() != null && !query.search().isBlank()) {
      // each side on its own trigram index (V18, V23); an "or" across the joined tables would read every debtor
      where.add("a.id in (select x.id from account x where lower(x.account_ref) like lower(:refPrefix) escape '\\'"
          + " union select y.id from account y join debtor z on z.id = y.debtor_id"
          + " where z.full_name ilike :namePart escape '\\')");
      String literal = query.search().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
      params.put("refPrefix", literal + "%");
      params.put("namePart", "%" + literal + "%");
      joins = true;
    }
    if (query.overdue() != null) {
      where.add(query.overdue() ? "t.due_at < :now" : "(t.due_at is null or t.due_at >= :now)");
    }
    String order = ORDER.get(query.sort() == null ? "priority" : query.sort());
    if (order == null) {
      throw TaskProblems.badRequest("sort must be one of " + ORDER.keySet().stream().sorted().toList());
    }
    String filter = " where " + String.join(" and ", where);
    String from = " from user_task t" + (joins ? " left join collection_case c on c.id = t.case_id"
        + " left join account a on a.id = c.account_id left join debtor d on d.id = a.debtor_id" : "");
    // only open tasks have a window; for the others "workable" means nothing and the list is one segment
    boolean windows = state.equals("OPEN");
    // counted up to a cap: beyond it "1,000+" says enough, and an exact count would read every open task
    long offset = (long) page * size;
    // one capped read gives both counts while they are under the cap; beyond it the workable ones get their own
    Map<String, Object> countParams = new HashMap<>(params);
    countParams.put("countCap", COUNT_CAP + 1);
    long[] counts = jdbc.sql("select count(*), count(*) filter (where " + ACTIONABLE.replace("t.", "x.") + ")"
            + " from (select t.actionable_from, t.actionable_until" + from + filter + " limit :countCap) as x")
        .params(countParams).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    long all = counts[0];
    long workable = !windows ? all : all > COUNT_CAP ? capped(from + filter + " and " + ACTIONABLE, params) : counts[1];
    // a page beyond the cap needs to know exactly where the workable tasks end (deep paging only)
    if (workable > COUNT_CAP && offset + size > COUNT_CAP) {
      workable = exact(from + filter + (windows ? " and " + ACTIONABLE : ""), params);
    }
    long blocked = all > COUNT_CAP ? Long.MAX_VALUE : Math.max(0, all - workable);
    // two segments, each in its own order on an index: the tasks workable now, then the others
    List<TaskView> items = new ArrayList<>();
    boolean wantWorkable = query.actionable() == null || query.actionable() || !windows;
    boolean wantBlocked = windows && (query.actionable() == null || !query.actionable());
    long skipped = 0;
    if (wantWorkable) {
      if (offset < workable) {
        items.addAll(segment(filter + (windows ? " and " + ACTIONABLE : ""), order, params, offset, size));
      }
      skipped = workable;
    }
    if (wantBlocked && items.size() < size) {
      long blockedOffset = Math.max(0, offset - skipped);
      if (blockedOffset < blocked) {
        items.addAll(segment(filter + " and not coalesce(" + ACTIONABLE + ", false)", order, params, blockedOffset,
            size - items.size()));
      }
    }
    boolean capped = all > COUNT_CAP;
    long total = capped ? COUNT_CAP : (wantWorkable ? workable : 0) + (wantBlocked ? blocked : 0);
    if (capped && query.actionable() != null) {
      // one segment asked for: its own count, itself capped
      total = Math.min(COUNT_CAP, query.actionable() ? workable : capped(from + filter + " and not coalesce("
          + ACTIONABLE + ", false)", params));
    }
    return new PageView(items, page, size, total, capped && total >= COUNT_CAP,
        windows ? Math.min(workable, COUNT_CAP) : null);
  }

  private long exact(String fromAndFilter, Map<String, Object> params) {
    return jdbc.sql("select count(*)" + fromAndFilter).params(params).query(Long.class).single();
  }

  /** Counts beyond this are "more than": the inbox says 1,000+ rather than read every open task to count them. */
  static final long COUNT_CAP = 1_000;

  /** The number of rows, or COUNT_CAP + 1 when there are more. */
  private long capped(String fromAndFilter, Map<String, Object> params) {
    Map<String, Object> p = new HashMap<>(params);
    p.put("countCap", COUNT_CAP + 1);
    return jdbc.sql("select count(*) from (select 1" + fromAndFilter + " limit :countCap) as counted").params(p)
        .query(Long.class).single();
  }

  private List<TaskView> segment(String filter, String order, Map<String, Object> params, long offset, int limit) {
    Map<String, Object> p = new HashMap<>(params);
    p.put("limit", limit);
    p.put("offset", offset);
    return jdbc.sql(SELECT + filter + " order by " + order + ", t.id limit :limit offset :offset")
        .params(p).query((rs, n) -> map(rs)).list();
  }

  /**
   * One person's open work: the tasks they hold, how many are overdue, how many can be worked now. The unclaimed
   * tasks of a queue are a line with a null person and the queue's name.
   */
  public record Workload(String person, String queue, long open, long overdue, long workableNow) {}

  public List<Workload> workload() {
    Map<String, Object> params = timeParams();
    List<Workload> lines = new ArrayList<>(jdbc.sql("select t.assignee, count(*), count(*) filter (where t.due_at < :now),"
            + " count(*) filter (where " + ACTIONABLE + ") from user_task t where t.state = 'OPEN'"
            + " and t.assignee is not null group by t.assignee order by t.assignee")
        .params(params).query((rs, n) -> new Workload(rs.getString(1), null, rs.getLong(2), rs.getLong(3),
            rs.getLong(4))).list());
    lines.addAll(jdbc.sql("select g, count(*), count(*) filter (where t.due_at < :now), count(*) filter (where "
            + ACTIONABLE + ") from user_task t, unnest(t.groups) as g where t.state = 'OPEN' and t.assignee is null"
            + " group by g order by g")
        .params(params).query((rs, n) -> new Workload(null, rs.getString(1), rs.getLong(2), rs.getLong(3),
            rs.getLong(4))).list());
    return lines;
  }

  /** Open tasks per candidate group: all, unassigned, overdue. */
  public record QueueCount(String group, long open, long unassigned, long overdue) {}

  public List<QueueCount> counts() {
    return jdbc.sql(
            """
            select g, count(*) as open, count(*) filter (where t.assignee is null) as unassigned,
                   count(*) filter (where t.due_at < :now) as overdue
              from user_task t, unnest(t.groups) as g
             where t.state = 'OPEN'
             group by g order by g
            """)
        .param("now", Timestamp.from(clock.instant()))
        .query((rs, n) -> new QueueCount(rs.getString("g"), rs.getLong("open"), rs.getLong("unassigned"),
            rs.getLong("overdue")))
        .list();
  }

  /**
   * Claims and returns the most urgent open, unassigned task of the given groups that can be worked now (the inbox's
   * priority order), or 404 when there is none, saying when the next one can be. Two agents asking at once get
   * different tasks.
   */
  @Transactional
  public TaskView claimNext(String user, List<String> groups) {
    requireUser(user);
    if (groups == null || groups.isEmpty()) {
      throw TaskProblems.badRequest("name the groups to take a task from");
    }
    Map<String, Object> params = new HashMap<>(timeParams());
    params.put("groups", String.join(",", groups));
    String open = " from user_task t left join collection_case c on c.id = t.case_id"
        + " left join account a on a.id = c.account_id"
        + " where t.state = 'OPEN' and t.assignee is null"
        + " and t.groups && string_to_array(:groups, ',')";
    // a window marked for asking again (a contact rule or a fact of the case changed, and the sweep has not come
    // yet) is asked now, before the task is handed out: nobody is handed a call the guard blocks at this moment
    // bounded: right after a rule change many marked tasks in a row may turn out blocked, each asked once here
    for (int tries = 0; tries < 200; tries++) {
      // "now" read again each time: a window just asked starts at the moment it was asked
      params.put("now", Timestamp.from(clock.instant()));
      var next = jdbc.sql("select t.id, t.case_id, t.element_id, t.recheck_at <= :now as marked, " + DPD + " as dpd"
              + open + " and " + ACTIONABLE + " order by " + ORDER.get("priority") + ", t.id limit 1"
              + " for update of t skip locked")
          .params(params).query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
              rs.getString(3), rs.getBoolean(4)}).optional();
      if (next.isEmpty()) {
        break;
      }
      UUID id = (UUID) next.get()[0];
      if ((Boolean) next.get()[3]) {
        updateAvailability(id, (UUID) next.get()[1], (String) next.get()[2]);
        boolean workable = jdbc.sql("select coalesce(" + ACTIONABLE + ", false) from user_task t where t.id = :id")
            .param("now", Timestamp.from(clock.instant())).param("id", id).query(Boolean.class).single();
        if (!workable) {
          continue;
        }
      }
      return claim(id, user);
    }
    // nothing workable now: say when the first task of these queues can be, and why not before
    var upcoming = jdbc.sql("select t.actionable_from, t.blocked_reason, count(*) over () as waiting" + open
            + " and not coalesce(" + ACTIONABLE + ", false) order by t.actionable_from nulls last limit 1")
        .params(params)
        .query((rs, n) -> new Object[] {instant(rs.getTimestamp(1)), rs.getString(2), rs.getLong(3)}).optional();
    if (upcoming.isEmpty()) {
      throw TaskProblems.noWorkNow("No open, unclaimed task in " + String.join(", ", groups) + " right now.", null, 0);
    }
    Instant from = (Instant) upcoming.get()[0];
    // a window that has just closed is asked again by the sweep in a moment: no time to name until then
    Instant at = from != null && from.isAfter(clock.instant()) ? from : null;
    Object reason = upcoming.get()[1];
    long waiting = (Long) upcoming.get()[2];
    throw TaskProblems.noWorkNow(waiting + " task(s) in " + String.join(", ", groups) + " cannot be worked yet"
        + (at == null ? "" : "; the first one from " + at) + (reason == null ? "" : " (" + reason + ")") + ".", at,
        waiting);
  }

  /** A supervisor hands an open task to someone (or back to the queue with a null assignee). */
  @Transactional
  public TaskView assign(UUID id, String assignee, String by) {
    requireUser(by);
    TaskView task = get(id);
    if (!task.state().equals("OPEN")) {
      throw TaskProblems.conflict(unavailable(task, by));
    }
    jdbc.sql("update user_task set assignee = :assignee, claimed_at = :at where id = :id")
        .param("assignee", assignee == null || assignee.isBlank() ? null : assignee)
        .param("at", assignee == null ? null : Timestamp.from(clock.instant())).param("id", id).update();
    if (task.caseId() != null) {
      timeline.record(task.caseId(), "TASK_ASSIGNED", task.name() + " assigned to "
          + (assignee == null || assignee.isBlank() ? "the queue" : assignee) + " by " + by,
          Map.of("taskId", id.toString(), "from", String.valueOf(task.assignee())), null);
    }
    return get(id);
  }

  /**
   * One page of tasks.
   *
   * @param totalCapped more tasks match than {@code totalItems} (counted up to {@value #COUNT_CAP})
   * @param workableNow of the open tasks the filters match, how many can be worked now (null for closed tasks), up to
   *     {@value #COUNT_CAP}
   */
  public record PageView(List<TaskView> items, int page, int size, long totalItems, boolean totalCapped,
      Long workableNow) {}

  public TaskView get(UUID id) {
    return jdbc.sql(SELECT + " where t.id = :id").param("id", id).params(timeParams()).query((rs, n) -> map(rs)).optional()
        .orElseThrow(() -> TaskProblems.notFound(id));
  }

  @Transactional
  public TaskView claim(UUID id, String user) {
    requireUser(user);
    int rows = jdbc.sql(
            """
            update user_task set assignee = :user, claimed_at = :at
             where id = :id and state = 'OPEN' and (assignee is null or assignee = :user)
            """)
        .param("user", user).param("at", Timestamp.from(clock.instant())).param("id", id).update();
    if (rows == 0) {
      TaskView task = get(id);
      throw TaskProblems.conflict(unavailable(task, user));
    }
    TaskView claimed = get(id);
    if (claimed.caseId() != null) {
      timeline.record(claimed.caseId(), "TASK_CLAIMED", claimed.name() + " claimed by " + user,
          Map.of("taskId", id.toString()), null);
    }
    return claimed;
  }

  @Transactional
  public TaskView unclaim(UUID id, String user) {
    requireUser(user);
    int rows = jdbc.sql(
            "update user_task set assignee = null, claimed_at = null where id = :id and state = 'OPEN' and assignee = :user")
        .param("user", user).param("id", id).update();
    if (rows == 0) {
      TaskView task = get(id);
      throw TaskProblems.conflict(task.assignee() == null ? "Task " + id + " is not claimed"
          : unavailable(task, user));
    }
    TaskView released = get(id);
    if (released.caseId() != null) {
      timeline.record(released.caseId(), "TASK_RELEASED", released.name() + " released by " + user + " to its queue",
          Map.of("taskId", id.toString()), null);
    }
    return released;
  }

  /**
   * Completes the task with the submitted form variables. The submission is validated against the task's form and the
   * domain's rules first: a problem is a 400 and the task stays open. A task claimed by someone else is a 409.
   *
   * <p>The database first, the engine after: one transaction records the submission, the task as COMPLETING, the
   * timeline, the audit and whatever the completion means to other capabilities (a call's contact attempt); only
   * after it commits is the engine told to complete the job ({@link EngineCommands}). When the engine acknowledges,
   * the task is COMPLETED; until then it is COMPLETING, out of every inbox, and the relay retries. A crash between the
   * two loses nothing and repeats nothing.
   */
  public TaskView complete(UUID id, String user, Map<String, Object> variables) {
    requireUser(user);
    TaskView recorded = tx.execute(status -> record(id, user, variables));
    String state = jdbc.sql("select state from user_task where id = :id").param("id", id).query(String.class).single();
    return new TaskView(recorded.id(), recorded.caseId(), recorded.elementId(), recorded.name(),
        recorded.candidateGroups(), recorded.formId(), state, user, recorded.createdAt(), recorded.dueAt(),
        recorded.completedAt(), user, recorded.overdue(), recorded.caseSummary(), recorded.availability());
  }

  private TaskView record(UUID id, String user, Map<String, Object> variables) {
    Map<String, Object> submitted = variables == null ? Map.of() : variables;
    Map<String, String> personalData = Map.of();
    long[] jobKey = new long[1];
    TaskView task = jdbc.sql(SELECT + " where t.id = :id for update of t").param("id", id).params(timeParams())
        .query((rs, n) -> {
          jobKey[0] = rs.getLong("job_key");
          return map(rs);
        }).optional().orElseThrow(() -> TaskProblems.notFound(id));
    // the time of the completion is taken once the row is ours: a release or claim that came first is earlier
    Instant submittedAt = clock.instant();
    // a task canceled under the person working it (the case was paid meanwhile, say) still takes what they did, once:
    // the call was made and must be on record; the process, which moved on, is not told
    boolean late = task.state().equals("CANCELED") && task.caseId() != null && task.completedBy() == null
        && (task.assignee() == null || task.assignee().equals(user));
    if ((!task.state().equals("OPEN") && !late) || (task.assignee() != null && !task.assignee().equals(user))) {
      throw TaskProblems.conflict(unavailable(task, user));
    }
    if (task.formId() != null) {
      var form = formOf(task)
          .orElseThrow(() -> new IllegalStateException("task " + id + " names unknown form " + task.formId()));
      List<Map<String, String>> errors = FormValidator.validate(form, submitted);
      if (!errors.isEmpty()) {
        throw TaskProblems.invalidForm(errors);
      }
      submitted = FormValidator.normalise(form, submitted);
      personalData = FormValidator.personalDataFields(form);
    } else if (!submitted.isEmpty()) {
      throw TaskProblems.badRequest("task " + id + " has no form: submit no variables");
    }
    if (!late) {
      for (TaskCompletionCheck check : wired().checks()) {
        check.check(task, submitted);
      }
    }
    jdbc.sql(
            """
            update user_task set state = :state, assignee = :user, completed_at = :at, completed_by = :user,
                                 submitted = cast(:submitted as jsonb)
             where id = :id
            """)
        .param("state", late ? "CANCELED" : "COMPLETING")
        .param("user", user).param("at", Timestamp.from(submittedAt)).param("submitted", toJson(submitted))
        .param("id", id).update();
    if (task.caseId() != null) {
      // the timeline (and the audit trail the database writes from it) shows personal data masked, as everywhere
      Map<String, Object> details = masked(submitted, personalData);
      details.put("completedBy", user);
      details.put("taskId", id.toString());
      if (late) {
        timeline.record(task.caseId(), "TASK_OUTCOME_RECORDED", task.name() + " recorded by " + user
            + summary(submitted) + " after the case had moved on: on record, not taken by the process", details,
            "task-completed:" + id, submittedAt);
      } else {
        timeline.record(task.caseId(), "TASK_COMPLETED", task.name() + " completed by " + user + summary(submitted),
            details, "task-completed:" + id, submittedAt);
      }
    }
    events.publishEvent(new TaskCompleted(id, task.caseId(), task.elementId(), user, Map.copyOf(submitted),
        submittedAt, late));
    if (late) {
      return new TaskView(task.id(), task.caseId(), task.elementId(), task.name(), task.candidateGroups(),
          task.formId(), "CANCELED", user, task.createdAt(), task.dueAt(),
          submittedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS), user, task.overdue(), task.caseSummary(),
          task.availability());
    }
    // the process learns who completed the task beside what they submitted (a form cannot set this variable)
    Map<String, Object> completion = new HashMap<>(submitted);
    completion.put(COMPLETED_BY, user);
    commands.completeJob(jobKey[0], completion, REFERENCE + id);
    return new TaskView(task.id(), task.caseId(), task.elementId(), task.name(), task.candidateGroups(),
        task.formId(), "COMPLETING", user, task.createdAt(), task.dueAt(),
        submittedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS), user, task.overdue(), task.caseSummary(),
        task.availability());
  }

  private static final String REFERENCE = "task:";
  /** The process variable naming the person who completed the latest user task. */
  public static final String COMPLETED_BY = "taskCompletedBy";

  /**
   * The submission with the values of its personal-data fields masked by kind (phone, email, address), and the phone
   * numbers and e-mail addresses written into its free text masked too.
   */
  static Map<String, Object> masked(Map<String, Object> submitted, Map<String, String> personalData) {
    Map<String, Object> masked = new HashMap<>(submitted);
    masked.replaceAll((field, value) -> value instanceof String text && !personalData.containsKey(field)
        ? io.recoverly.cases.PiiMask.scrubText(text) : value);
    personalData.forEach((field, kind) -> {
      if (masked.get(field) instanceof String value && !value.isBlank()) {
        masked.put(field, switch (kind) {
          case "phone" -> io.recoverly.cases.PiiMask.phone(value);
          case "email" -> io.recoverly.cases.PiiMask.email(value);
          case "address" -> io.recoverly.cases.PiiMask.address(value);
          default -> "***";
        });
      }
    });
    return masked;
  }

  /**
   * The engine settled a task's completion: the task is COMPLETED (the engine took it now, or had taken it before, or
   * the process had already moved on; the submission is on record either way). A completion the engine refuses for
   * good puts the task back in its queue, so that it can be worked again.
   */
  @EventListener
  void onEngineCommandSettled(EngineCommandSettled settled) {
    if (settled.reference() == null || !settled.reference().startsWith(REFERENCE)) {
      return;
    }
    UUID id = UUID.fromString(settled.reference().substring(REFERENCE.length()));
    if (settled.taken()) {
      jdbc.sql("update user_task set state = 'COMPLETED' where id = :id and state = 'COMPLETING'").param("id", id)
          .update();
      return;
    }
    int reopened = jdbc.sql("update user_task set state = 'OPEN', assignee = null, completed_at = null,"
            + " completed_by = null where id = :id and state = 'COMPLETING'").param("id", id).update();
    UUID caseId = jdbc.sql("select case_id from user_task where id = :id").param("id", id).query(UUID.class)
        .optional().orElse(null);
    if (reopened == 1 && caseId != null) {
      log.error("The engine refused the completion of task {}: it is open again ({})", id, settled.detail());
      timeline.record(caseId, "TASK_COMPLETION_REFUSED", "The engine refused the task's completion; the task is"
          + " back in its queue", Map.of("taskId", id.toString(), "detail", String.valueOf(settled.detail())), null);
    }
  }

  /**
   * Removes the open tasks of a case's collection from every inbox (the process left the stage, or the case closed).
   * A task whose model says it outlives the case (header {@value #OUTLIVES_CASE}: a credit refund) stays.
   */
  @Transactional
  public int cancelOpenTasks(UUID caseId) {
    return jdbc.sql("update user_task set state = 'CANCELED' where case_id = :caseId and state = 'OPEN'"
            + " and not outlives_case")
        .param("caseId", caseId).update();
  }

  @EventListener
  void onCaseClosed(CaseClosed closed) {
    cancelOpenTasks(closed.caseId());
  }

  /** The outcome in words for the timeline ("promise to pay", not PROMISE_TO_PAY); the code stays in the details. */
  private static String summary(Map<String, Object> submitted) {
    Object outcome = submitted.getOrDefault("callOutcome", submitted.get("visitOutcome"));
    return outcome == null ? "" : ": " + outcome.toString().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String unavailable(TaskView task, String user) {
    return switch (task.state()) {
      case "COMPLETED", "COMPLETING" -> "Task " + task.id() + " was already completed by " + task.completedBy();
      case "CANCELED" -> task.completedBy() != null
          ? "Task " + task.id() + " was canceled (the case moved on) and its outcome is on record, by "
              + task.completedBy()
          : "Task " + task.id() + " was canceled: the case moved on";
      default -> "Task " + task.id() + " is claimed by " + task.assignee() + ", not by " + user;
    };
  }

  private static void requireUser(String user) {
    if (user == null || user.isBlank()) {
      throw TaskProblems.badRequest("name the user acting on the task");
    }
  }

  private List<String> groups(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    try {
      return json.readValue(header, STRINGS);
    } catch (JsonProcessingException e) {
      return Arrays.stream(header.split(",")).map(String::trim).toList();
    }
  }

  private String toJson(Map<String, Object> submitted) {
    try {
      return json.writeValueAsString(submitted);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The engine writes due dates as zoned date-times, e.g. {@code 2026-11-29T14:25:27.882Z[Etc/UTC]}. */
  static Instant dueDate(String header) {
    return java.time.ZonedDateTime.parse(header, java.time.format.DateTimeFormatter.ISO_DATE_TIME).toInstant();
  }

  static String readable(String elementId) {
    String words = elementId.replace('-', ' ');
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static final String DPD = "greatest(0, :today - a.due_date)";

  /** The task can be worked at :now (its window is open). */
  static final String ACTIONABLE =
      "(t.actionable_from <= :now and (t.actionable_until is null or t.actionable_until > :now))";

  private static final String SELECT =
      """
      select t.id, t.job_key, t.case_id, t.element_id, t.name, t.candidate_groups, t.form_id, t.state, t.assignee,
             t.created_at, t.due_at, t.completed_at, t.completed_by, a.account_ref, d.full_name, a.balance, a.currency, c.stage,
             d.jurisdiction, d.time_zone, greatest(0, :today - a.due_date) as dpd, (t.due_at < :now) as overdue,
             t.actionable_from, t.actionable_until, t.blocked_rule, t.blocked_reason,
             coalesce(%s, false) as actionable
        from user_task t
        left join collection_case c on c.id = t.case_id
        left join account a on a.id = c.account_id
        left join debtor d on d.id = a.debtor_id
      """.formatted(ACTIONABLE);


  private Map<String, Object> timeParams() {
    return Map.of("now", Timestamp.from(clock.instant()),
        "today", java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
  }

  private static TaskView map(ResultSet rs) throws SQLException {
    String groups = rs.getString("candidate_groups");
    return new TaskView(
        rs.getObject("id", UUID.class),
        rs.getObject("case_id", UUID.class),
        rs.getString("element_id"),
        rs.getString("name"),
        groups.isEmpty() ? List.of() : List.of(groups.split(",")),
        rs.getString("form_id"),
        rs.getString("state"),
        rs.getString("assignee"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("due_at")),
        instant(rs.getTimestamp("completed_at")),
        rs.getString("completed_by"),
        rs.getBoolean("overdue"),
        rs.getString("account_ref") == null ? null : new TaskView.CaseSummary(
            rs.getString("account_ref"), rs.getString("full_name"), rs.getBigDecimal("balance"),
            rs.getString("currency"), rs.getString("stage"), rs.getString("jurisdiction"), rs.getInt("dpd"),
            rs.getString("time_zone")),
        new TaskView.Availability(rs.getBoolean("actionable"), instant(rs.getTimestamp("actionable_from")),
            instant(rs.getTimestamp("actionable_until")), rs.getString("blocked_rule"),
            rs.getString("blocked_reason")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
