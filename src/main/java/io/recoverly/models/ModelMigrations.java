package io.recoverly.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.MigrateProcessInstanceCommandStep1.MigrateProcessInstanceCommandFinalStep;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.recoverly.engine.Engine;
import io.recoverly.web.Problems;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Moves running cases from one version of the case process to another (Zeebe MigrateProcessInstance). The plan maps
 * elements with equal ids and types automatically; explicit mappings add to or override it. The dry run lists which
 * cases can migrate and why not (an active element without a counterpart). The migration runs in batches in the
 * background, records each case's result, and moves nothing half-way: the engine migrates an instance whole or not at
 * all, and a refused instance stays on its version, listed with the engine's reason.
 *
 * <p>Safe with several app nodes, and it survives the node that started it: the plan's cases are written as PENDING
 * items with the migration; any node's runner claims a batch ({@code FOR UPDATE SKIP LOCKED}, a lease, committed at
 * once), asks the engine outside any transaction, and records each result after. A node that dies mid-batch leaves
 * its claim to run out, and another node takes the items over. An instance the engine migrated before the node died
 * is migrated again to the same target, which the engine refuses; such a retry is recorded as FAILED with the
 * engine's reason and the item's attempts, for a person to check (the case is on the target version in the engine).
 */
@Service
public class ModelMigrations {

  private static final Logger log = LoggerFactory.getLogger(ModelMigrations.class);
  static final int BATCH = 50;
  private static final java.time.Duration LEASE = java.time.Duration.ofMinutes(2);

  private final JdbcClient jdbc;
  private final CamundaClient client;
  private final Engine engine;
  private final Clock clock;
  private final ObjectMapper json;
  private final io.recoverly.cases.CaseTimeline timeline;
  private final org.springframework.transaction.support.TransactionTemplate tx;

  ModelMigrations(JdbcClient jdbc, CamundaClient client, Engine engine, Clock clock, ObjectMapper json,
      io.recoverly.cases.CaseTimeline timeline, org.springframework.transaction.support.TransactionTemplate tx) {
    this.tx = tx;
    this.timeline = timeline;
    this.jdbc = jdbc;
    this.client = client;
    this.engine = engine;
    this.clock = clock;
    this.json = json;
  }

  /** One case in a plan or migration. */
  public record Item(UUID caseId, long processInstanceKey, String stage, List<String> activeElements,
      boolean canMigrate, String reason) {}

  /**
   * @param mappings source element id to target element id (automatic and explicit)
   * @param unmapped elements of the source version that can hold a token and have no counterpart in the target
   */
  public record Plan(String modelId, int fromVersion, int toVersion, Map<String, String> mappings,
      List<String> unmapped, List<Item> instances, long migratable) {}

  /** A migration's progress and results. */
  public record Status(UUID id, String modelId, int fromVersion, int toVersion, String state, int total, int migrated,
      int failed, int skipped, List<Map<String, Object>> items) {}

  /** The dry run: nothing changes. */
  public Plan plan(String modelId, int from, int to, Map<String, String> explicit) {
    if (!"collection-case".equals(modelId)) {
      throw bad("modelId", "running cases live in collection-case: only its versions are migrated");
    }
    if (from == to) {
      throw bad("toVersion", "the target version must differ from the source version");
    }
    Map<String, String> sourceTypes = elementTypes(modelId, from);
    Map<String, String> targetTypes = elementTypes(modelId, to);
    Map<String, String> mappings = new TreeMap<>();
    sourceTypes.forEach((id, type) -> {
      if (type.equals(targetTypes.get(id))) {
        mappings.put(id, id);
      }
    });
    for (var m : (explicit == null ? Map.<String, String>of() : explicit).entrySet()) {
      String sourceType = sourceTypes.get(m.getKey());
      String targetType = targetTypes.get(m.getValue());
      if (sourceType == null || targetType == null) {
        throw bad("mappings", m.getKey() + " -> " + m.getValue() + ": "
            + (sourceType == null ? m.getKey() + " is not in version " + from : m.getValue() + " is not in version " + to));
      }
      if (!sourceType.equals(targetType)) {
        throw bad("mappings", m.getKey() + " (" + sourceType + ") cannot map to " + m.getValue() + " (" + targetType
            + "): element types differ");
      }
      mappings.put(m.getKey(), m.getValue());
    }
    List<String> unmapped = sourceTypes.keySet().stream().filter(id -> !mappings.containsKey(id)).sorted().toList();
    List<Item> items = new ArrayList<>();
    // a read-only view of the cases and their open tasks (the active user tasks the engine holds for each case)
    jdbc.sql("""
            select c.id, c.process_instance_key, c.stage,
                   coalesce(array_agg(t.element_id) filter (where t.element_id is not null), '{}') as active
              from collection_case c
              left join user_task t on t.case_id = c.id and t.state = 'OPEN'
             where c.status = 'OPEN' and c.process_version = :from and c.process_instance_key is not null
             group by c.id, c.process_instance_key, c.stage
             order by c.id
            """)
        .param("from", from)
        .query((rs, n) -> {
          List<String> active = List.of((String[]) rs.getArray("active").getArray());
          List<String> missing = active.stream().filter(a -> !mappings.containsKey(a)).toList();
          items.add(new Item(rs.getObject("id", UUID.class), rs.getLong("process_instance_key"), rs.getString("stage"),
              active, missing.isEmpty(), missing.isEmpty() ? null
                  : "active element " + String.join(", ", missing) + " has no counterpart in version " + to));
          return null;
        }).list();
    return new Plan(modelId, from, to, mappings, unmapped, items, items.stream().filter(Item::canMigrate).count());
  }

  /** Starts a migration in the background; returns its id (poll {@link #status}). */
  @org.springframework.transaction.annotation.Transactional
  public UUID start(String modelId, int from, int to, Map<String, String> explicit, String by) {
    Plan plan = plan(modelId, from, to, explicit);
    long target = definitionKey(modelId, to);
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            insert into model_migration (id, model_id, from_version, to_version, mappings, state, total, started_by,
                                         started_at, target_definition_key)
            values (:id, :model, :from, :to, cast(:mappings as jsonb), 'RUNNING', :total, :by, :at, :target)
            """)
        .param("id", id).param("model", modelId).param("from", from).param("to", to)
        .param("mappings", write(plan.mappings())).param("total", plan.instances().size()).param("by", by)
        .param("at", Timestamp.from(clock.instant())).param("target", target).update();
    for (Item item : plan.instances()) {
      if (item.canMigrate()) {
        jdbc.sql("""
                insert into model_migration_item (migration_id, case_id, process_instance_key, result)
                values (:id, :case, :key, 'PENDING')
                """)
            .param("id", id).param("case", item.caseId()).param("key", item.processInstanceKey()).update();
      } else {
        result(id, item.caseId(), item.processInstanceKey(), "SKIPPED", item.reason());
      }
    }
    finishIfDone(id);
    return id;
  }

  /** One claimed item of a running migration. */
  private record Claimed(UUID migrationId, UUID caseId, long processInstanceKey, int attempts, int fromVersion,
      int toVersion, long target, Map<String, String> mappings) {}

  /** Every node, every second: claims pending items of running migrations and migrates them. */
  @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${recoverly.migrations.interval:PT1S}",
      initialDelayString = "PT2S")
  void runPending() {
    List<Claimed> batch;
    try {
      batch = claim();
    } catch (RuntimeException e) {
      log.warn("Migration items not claimed; trying again: {}", e.toString());
      return;
    }
    java.util.Set<UUID> migrations = new java.util.HashSet<>();
    for (Claimed item : batch) {
      migrations.add(item.migrationId());
      migrateOne(item);
    }
    migrations.forEach(this::finishIfDone);
    if (!batch.isEmpty()) {
      log.info("Migration: {} cases processed", batch.size());
    }
  }

  private List<Claimed> claim() {
    return jdbc.sql("""
            update model_migration_item i
               set claimed_until = clock_timestamp() + cast(:lease as interval), attempts = attempts + 1
              from model_migration m
             where m.id = i.migration_id
               and (i.migration_id, i.case_id) in (
                   select migration_id, case_id from model_migration_item
                    where result = 'PENDING' and (claimed_until is null or claimed_until < clock_timestamp())
                    order by migration_id, case_id limit :batch for update skip locked)
            returning i.migration_id, i.case_id, i.process_instance_key, i.attempts, m.from_version, m.to_version,
                      m.target_definition_key, m.mappings
            """)
        .param("lease", LEASE.toSeconds() + " seconds").param("batch", BATCH)
        .query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3),
            rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getLong(7), readMappings(rs.getString(8))))
        .list();
  }

  private Map<String, String> readMappings(String text) {
    try {
      return json.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a migration's mappings are not JSON", e);
    }
  }

  private void finishIfDone(UUID id) {
    jdbc.sql("""
            update model_migration set state = 'DONE', finished_at = :at
             where id = :id and state = 'RUNNING'
               and not exists (select 1 from model_migration_item where migration_id = :id and result = 'PENDING')
            """)
        .param("at", Timestamp.from(clock.instant())).param("id", id).update();
  }

  private void migrateOne(Claimed item) {
    MigrateProcessInstanceCommandFinalStep command = null;
    for (var m : item.mappings().entrySet()) {
      command = command == null
          ? client.newMigrateProcessInstanceCommand(item.processInstanceKey()).migrationPlan(item.target())
              .addMappingInstruction(m.getKey(), m.getValue())
          : command.addMappingInstruction(m.getKey(), m.getValue());
    }
    if (command == null) {
      result(item.migrationId(), item.caseId(), item.processInstanceKey(), "FAILED",
          "no element of the source version maps to the target version");
      return;
    }
    try {
      // the engine first (nothing is held meanwhile), the records after, in one transaction
      command.send().join();
    } catch (RuntimeException e) {
      if (isUnavailable(e)) {
        return; // the lease runs out and a node tries again
      }
      result(item.migrationId(), item.caseId(), item.processInstanceKey(), "FAILED", "the engine refused: "
          + e.getMessage() + (item.attempts() > 1 ? " (attempt " + item.attempts() + ": an earlier attempt may have"
          + " migrated it before its node stopped)" : ""));
      return;
    }
    tx.executeWithoutResult(status -> {
      jdbc.sql("""
              update collection_case set process_version = :version, process_definition_key = :definition
               where id = :id and process_instance_key = :key
              """)
          .param("version", item.toVersion()).param("definition", item.target()).param("id", item.caseId())
          .param("key", item.processInstanceKey()).update();
      timeline.record(item.caseId(), "PROCESS_MIGRATED",
          "Process migrated from version " + item.fromVersion() + " to " + item.toVersion(),
          Map.of("migrationId", item.migrationId().toString(), "from", item.fromVersion(), "to", item.toVersion()),
          "migrated:" + item.migrationId() + ":" + item.caseId());
      result(item.migrationId(), item.caseId(), item.processInstanceKey(), "MIGRATED", null);
    });
  }

  private static boolean isUnavailable(RuntimeException e) {
    return io.recoverly.engine.EngineErrors.hasStatus(e, io.grpc.Status.Code.UNAVAILABLE)
        || io.recoverly.engine.EngineErrors.hasStatus(e, io.grpc.Status.Code.DEADLINE_EXCEEDED)
        || io.recoverly.engine.EngineErrors.hasStatus(e, io.grpc.Status.Code.RESOURCE_EXHAUSTED);
  }

  private void result(UUID id, UUID caseId, long processInstanceKey, String result, String reason) {
    String text = reason == null ? null : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    int changed = jdbc.sql("""
            insert into model_migration_item (migration_id, case_id, process_instance_key, result, reason)
            values (:id, :case, :key, :result, :reason)
            on conflict (migration_id, case_id) do update set result = excluded.result, reason = excluded.reason,
                   claimed_until = null
             where model_migration_item.result = 'PENDING'
            """)
        .param("id", id).param("case", caseId).param("key", processInstanceKey).param("result", result)
        .param("reason", text).update();
    if (changed == 0) {
      return; // recorded by another node already
    }
    String column = switch (result) {
      case "MIGRATED" -> "migrated";
      case "FAILED" -> "failed";
      default -> "skipped";
    };
    jdbc.sql("update model_migration set " + column + " = " + column + " + 1 where id = :id").param("id", id).update();
  }

  public Status status(UUID id) {
    var row = jdbc.sql("select * from model_migration where id = :id").param("id", id).query().listOfRows();
    if (row.isEmpty()) {
      throw Problems.of(HttpStatus.NOT_FOUND, "No such migration", "no migration " + id).exception();
    }
    var m = row.getFirst();
    List<Map<String, Object>> items = jdbc.sql("""
            select case_id as "caseId", process_instance_key as "processInstanceKey", result, reason
              from model_migration_item where migration_id = :id order by result, case_id
            """).param("id", id).query().listOfRows();
    return new Status(id, (String) m.get("model_id"), (Integer) m.get("from_version"), (Integer) m.get("to_version"),
        (String) m.get("state"), (Integer) m.get("total"), (Integer) m.get("migrated"), (Integer) m.get("failed"),
        (Integer) m.get("skipped"), items);
  }

  /**
   * Element id to type for the elements an instance can be in or subscribed by: activities, intermediate and boundary
   * catch events, and the start events of event subprocesses (their message subscriptions move with a mapping).
   */
  private Map<String, String> elementTypes(String modelId, int version) {
    String content = jdbc.sql("select content from model_version where model_id = :id and version = :v"
            + " order by id desc limit 1").param("id", modelId).param("v", version).query(String.class).optional()
        .orElseThrow(() -> bad("fromVersion", modelId + " has no version " + version));
    BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    Map<String, String> types = new LinkedHashMap<>();
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      boolean eventSubprocessStart = node instanceof io.camunda.zeebe.model.bpmn.instance.StartEvent
          && node.getParentElement() instanceof io.camunda.zeebe.model.bpmn.instance.SubProcess sub
          && sub.triggeredByEvent();
      if (node instanceof Activity || node instanceof IntermediateCatchEvent || node instanceof BoundaryEvent
          || eventSubprocessStart) {
        types.put(node.getId(), node.getElementType().getTypeName());
      }
    }
    return types;
  }

  private long definitionKey(String modelId, int version) {
    return jdbc.sql("""
            select definition_key from model_deployment
             where model_id = :id and version = :v and engine_incarnation = :incarnation
             order by id desc limit 1
            """)
        .param("id", modelId).param("v", version).param("incarnation", engine.incarnation())
        .query(Long.class).optional()
        .orElseThrow(() -> bad("toVersion", modelId + " version " + version + " is not deployed on this engine"));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static RuntimeException bad(String field, String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid migration", detail).field(field).exception();
  }
}
