package io.recoverly.cases;

import io.recoverly.engine.EngineCommands;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts a {@value #PROCESS_ID} instance for every open case that has none: cases just imported, and cases re-opened
 * after the embedded engine restarted empty (those start before the element of their recorded stage).
 *
 * <p>Safe with several app nodes, and no engine call waits on a row lock: a batch is claimed with a lease
 * ({@code FOR UPDATE SKIP LOCKED}, committed at once), started outside any transaction, and recorded after. Two nodes
 * never take the same case while a lease runs; a node that dies mid-round leaves the lease to run out. An instance
 * started twice (a lost answer, a lapsed lease) is caught when it is recorded or at its first stage and canceled.
 */
@Component
class CaseProcessLauncher {

  static final String PROCESS_ID = "collection-case";
  /** How long a claimed batch is this node's: far longer than starting 200 instances takes. */
  private static final java.time.Duration LEASE = java.time.Duration.ofMinutes(2);
  private static final Logger log = LoggerFactory.getLogger(CaseProcessLauncher.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final CamundaClient client;
  private final io.recoverly.engine.Engine engine;
  private final CaseTimeline timeline;
  private final EngineCommands messages;
  private final Clock clock;
  private final int batchSize;

  CaseProcessLauncher(
      JdbcClient jdbc,
      TransactionTemplate tx,
      CamundaClient client,
      io.recoverly.engine.Engine engine,
      CaseTimeline timeline,
      EngineCommands messages,
      Clock clock,
      @Value("${recoverly.launcher.batch-size:200}") int batchSize,
      org.springframework.beans.factory.ObjectProvider<StageResume> resumes) {
    this.resumes = resumes;
    this.jdbc = jdbc;
    this.tx = tx;
    this.client = client;
    this.engine = engine;
    this.timeline = timeline;
    this.messages = messages;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  private final org.springframework.beans.factory.ObjectProvider<StageResume> resumes;

  private record Waiting(
      UUID caseId,
      CaseStage stage,
      String accountRef,
      BigDecimal balance,
      String currency,
      LocalDate dueDate,
      String product,
      String jurisdiction,
      Integer riskScore,
      String strategy,
      String firstChannel,
      String cadence,
      UUID disputeId,
      String pausedStage,
      long brokenPromises,
      boolean ceased) {}

  /** Set while a round runs; a second caller leaves the round to it and sets {@link #again}. */
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();

  @Scheduled(fixedDelayString = "${recoverly.launcher.interval:PT1S}")
  void launchWaitingCases() {
    // one round at a time on this node: a caller that finds a round running asks it for one more, so cases committed
    // while it ran are not left to the next tick
    again.set(true);
    while (again.get() && running.compareAndSet(false, true)) {
      try {
        again.set(false);
        while (launchBatch() == batchSize) {
          // a full batch started: more may be waiting
        }
      } catch (RuntimeException e) {
        log.warn("Starting process instances failed; retrying on the next tick: {}", e.toString());
        return;
      } finally {
        running.set(false);
      }
    }
  }

  /**
   * Starts the waiting cases now, on a thread of its own, instead of at the next tick: called once new cases are
   * committed (an import), so that their processes start without waiting up to a launcher interval.
   */
  void wake() {
    Thread.ofVirtual().name("case-launcher-wake").start(this::launchWaitingCases);
  }

  /**
   * Starts instances for one batch of waiting cases.
   *
   * @return how many instances started (fewer than a full batch ends the round, so an unreachable engine is retried
   *     on the next tick, not in a tight loop)
   */
  int launchBatch() {
    // 1. claim a batch with a lease, committed at once: no row lock is held while the engine is asked
    List<Waiting> waiting = tx.execute(status -> claim());
    if (waiting == null || waiting.isEmpty()) {
      return 0;
    }
    // 2. start the instances, outside any transaction
    List<CompletableFuture<ProcessInstanceEvent>> started =
        waiting.stream().map(w -> start(w).toCompletableFuture()).toList();
    Map<Waiting, ProcessInstanceEvent> instances = new LinkedHashMap<>();
    for (int i = 0; i < waiting.size(); i++) {
      Waiting w = waiting.get(i);
      try {
        instances.put(w, started.get(i).join());
      } catch (RuntimeException e) {
        log.warn("Could not start a process instance for case {}: {}", w.caseId(), e.getMessage());
      }
    }
    // 3. record them; a case another instance owns meanwhile gets this one canceled (after the commit)
    List<Long> duplicates = new ArrayList<>();
    Integer recorded = tx.execute(status -> record(instances, duplicates));
    for (long duplicate : duplicates) {
      try {
        client.newCancelInstanceCommand(duplicate).send().join();
      } catch (RuntimeException e) {
        // its first stage cancels it anyway (enter-stage refuses an instance that does not own its case)
        log.warn("Could not cancel duplicate instance {}: {}", duplicate, e.getMessage());
      }
    }
    return recorded == null ? 0 : recorded;
  }

  /** Claims up to a batch of open cases without an instance whose earlier claim (if any) has run out. */
  private List<Waiting> claim() {
    List<UUID> ids = jdbc.sql(
            """
            update collection_case set launch_claimed_until = clock_timestamp() + cast(:lease as interval)
             where id in (select id from collection_case
                           where status = 'OPEN' and process_instance_key is null
                             and (launch_claimed_until is null or launch_claimed_until < clock_timestamp())
                           order by opened_at limit :limit for update skip locked)
            returning id
            """)
        .param("lease", LEASE.toSeconds() + " seconds").param("limit", batchSize).query(UUID.class).list();
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select c.id, c.stage, a.account_ref, a.balance, a.currency, a.due_date, a.product,
                   d.jurisdiction, a.risk_score, c.strategy, c.first_channel, c.cadence,
                   x.id as dispute_id, x.paused_stage,
                   (select count(*) from promise p where p.case_id = c.id and p.state = 'BROKEN')
                     as broken_promises, c.contact_ceased_at is not null as ceased
              from collection_case c
              join account a on a.id = c.account_id
              join debtor d on d.id = a.debtor_id
              left join dispute x on x.case_id = c.id and x.state = 'OPEN'
             where c.id = any(cast(:ids as uuid[]))
             order by c.opened_at
            """)
        .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
        .query(
            (rs, n) ->
                new Waiting(
                    rs.getObject("id", UUID.class),
                    CaseStage.valueOf(rs.getString("stage")),
                    rs.getString("account_ref"),
                    rs.getBigDecimal("balance"),
                    rs.getString("currency"),
                    rs.getObject("due_date", LocalDate.class),
                    rs.getString("product"),
                    rs.getString("jurisdiction"),
                    (Integer) rs.getObject("risk_score"),
                    rs.getString("strategy"),
                    rs.getString("first_channel"),
                    rs.getString("cadence"),
                    rs.getObject("dispute_id", UUID.class),
                    rs.getString("paused_stage"),
                    rs.getLong("broken_promises"),
                    rs.getBoolean("ceased")))
        .list();
  }

  private io.camunda.client.api.CamundaFuture<ProcessInstanceEvent> start(Waiting w) {
    Map<String, Object> variables = variables(w);
    CaseStage stage = w.stage();
    boolean negotiating = stage == CaseStage.NEGOTIATION && w.strategy() != null;
    boolean pausedNegotiating = stage == CaseStage.DISPUTE && "NEGOTIATION".equals(w.pausedStage());
    if (negotiating || pausedNegotiating) {
      // negotiation resumes on what was agreed (now, or after the dispute's review); when no capability knows (a
      // settlement whose approval the lost instance held, say), the debtor is contacted again rather than the stage
      // guessing (it took its default path to a promise with no amount: an incident)
      resumes.orderedStream().forEach(r -> variables.putAll(r.variables(w.caseId(), CaseStage.NEGOTIATION)));
      if (!variables.containsKey("callOutcome")) {
        if (negotiating) {
          stage = CaseStage.CONTACT;
        } else {
          variables.put("pausedStage", CaseStage.CONTACT.name());
        }
      }
    }
    var command = client.newCreateInstanceCommand().bpmnProcessId(PROCESS_ID).latestVersion().variables(variables);
    return stage.elementId().filter(id -> w.strategy() != null).map(command::startBeforeElement).orElse(command).send();
  }

  private Map<String, Object> variables(Waiting w) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Map<String, Object> variables = new HashMap<>();
    variables.put("caseId", w.caseId().toString());
    variables.put("accountRef", w.accountRef());
    variables.put("balance", w.balance());
    variables.put("currency", w.currency());
    variables.put("dpd", Math.max(0, today.toEpochDay() - w.dueDate().toEpochDay()));
    // decisions recompute DPD from the due date and the engine clock whenever they run
    variables.put("dueDate", w.dueDate().toString());
    variables.put("product", w.product());
    variables.put("jurisdiction", w.jurisdiction());
    variables.put("riskScore", w.riskScore());
    variables.put("brokenPromises", w.brokenPromises());
    variables.put("contactCycles", 0);
    variables.put("escalationRefused", false);
    // set by each reminder (compliance.Limitations): a time-barred debt is never escalated to legal
    variables.put("timeBarred", false);
    if (w.disputeId() != null) {
      variables.put("disputeId", w.disputeId().toString());
      variables.put("pausedStage", w.pausedStage());
      variables.put("disputeOpen", true);
    }
    if (w.strategy() != null) {
      variables.put(
          "strategy", Map.of("strategy", w.strategy(), "firstChannel", w.firstChannel(), "cadence", w.cadence()));
    }
    return variables;
  }

  /**
   * Records the batch's started instances in a few statements (the case rows, then their timeline events). An
   * instance's first stage may have claimed its case already (enter-stage adopts a case without an instance); a case
   * that another instance owns gets this one canceled.
   *
   * @param duplicates receives the instances to cancel
   * @return how many cases of the batch now have their instance
   */
  private int record(Map<Waiting, ProcessInstanceEvent> instances, List<Long> duplicates) {
    if (instances.isEmpty()) {
      return 0;
    }
    List<ProcessInstanceEvent> all = List.copyOf(instances.values());
    Set<UUID> owned = new HashSet<>(jdbc.sql(
            """
            update collection_case c
               set process_instance_key = v.instance_key, process_definition_key = v.definition_key,
                   process_version = v.version, launch_claimed_until = null
              from unnest(cast(:ids as uuid[]), cast(:keys as bigint[]), cast(:definitions as bigint[]),
                          cast(:versions as integer[])) as v(id, instance_key, definition_key, version)
             where c.id = v.id and (c.process_instance_key is null or c.process_instance_key = v.instance_key)
               -- a case closed while its instance started (recalled by the creditor) keeps none: it is canceled
               and c.status = 'OPEN'
            returning c.id
            """)
        .param("ids", instances.keySet().stream().map(w -> w.caseId().toString()).toArray(String[]::new))
        .param("keys", all.stream().map(ProcessInstanceEvent::getProcessInstanceKey).toArray(Long[]::new))
        .param("definitions", all.stream().map(ProcessInstanceEvent::getProcessDefinitionKey).toArray(Long[]::new))
        .param("versions", all.stream().map(ProcessInstanceEvent::getVersion).toArray(Integer[]::new))
        .query(UUID.class).list());
    List<CaseTimeline.NewEvent> events = new ArrayList<>();
    instances.forEach((w, instance) -> {
      UUID caseId = w.caseId();
      if (!owned.contains(caseId)) {
        // an earlier instance whose start answer was lost claimed the case meanwhile, or the case was closed (recalled)
        // while this one started: this one must not run
        log.warn("Case {} is owned by another process instance or closed: canceling {}", caseId,
            instance.getProcessInstanceKey());
        duplicates.add(instance.getProcessInstanceKey());
        return;
      }
      if (w.ceased()) {
        // contact ceased for good: send the fresh instance straight back to the supervisor's review
        messages.publishMessage("cease-communication", caseId.toString(), "cease:" + instance.getProcessInstanceKey(),
            Map.of());
      }
      boolean resumed = w.stage() != CaseStage.INTAKE && w.strategy() != null;
      events.add(new CaseTimeline.NewEvent(
          caseId,
          resumed ? "PROCESS_RESUMED" : "PROCESS_STARTED",
          resumed
              ? "Process re-opened at stage " + w.stage() + " (" + PROCESS_ID + " v" + instance.getVersion() + ")"
              : "Process " + PROCESS_ID + " v" + instance.getVersion() + " started",
          Map.of("processInstanceKey", instance.getProcessInstanceKey(), "processVersion", instance.getVersion()),
          startedKey(engine.incarnation(), instance.getProcessInstanceKey())));
    });
    timeline.recordAll(events);
    return owned.size();
  }

  /** The dedup key of an instance's start on the timeline: recorded once, by the launcher or by the adopting stage. */
  static String startedKey(String engineIncarnation, long processInstanceKey) {
    return "process-started:" + engineIncarnation + ":" + processInstanceKey;
  }
}
