package io.recoverly.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The Camunda Forms by form id (the shipped ones from {@code forms/}, and the versions people deployed since, the newest
 * of each id winning) and the engine's form keys for them.
 *
 * <p>Safe with several app nodes: the truth is the database ({@code model_version}, {@code model_deployment}), and
 * this node's copy is only a cache that the database invalidates. Every read compares the registry's newest row id
 * (one index lookup) with the copy's and reloads when another node deployed something, so a form deployed through
 * node A is known to node B at its next read. Form keys are immutable engine keys: a key's form (its exact version) is
 * cached once found.
 */
@Service
public class FormCatalog {

  private final ObjectMapper json;
  private final JdbcClient jdbc;
  private final Engine engine;
  private final Map<String, JsonNode> shipped = new HashMap<>();
  private final Map<String, String> idsByKey = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> formsByKey = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot = new Snapshot(-1, Map.of());

  private record Snapshot(long version, Map<String, JsonNode> forms) {}

  FormCatalog(ObjectMapper json, JdbcClient jdbc, Engine engine) {
    this.json = json;
    this.jdbc = jdbc;
    this.engine = engine;
    ModelDeployer.shippedModels().forEach((name, content) -> {
      if (name.endsWith(".form")) {
        JsonNode form = parse(new String(content, java.nio.charset.StandardCharsets.UTF_8), name);
        shipped.put(form.path("id").asText(), form);
      }
    });
  }

  private Map<String, JsonNode> forms() {
    long version = jdbc.sql("select coalesce(max(id), 0) from model_version").query(Long.class).single();
    Snapshot current = snapshot;
    if (current.version() == version) {
      return current.forms();
    }
    Map<String, JsonNode> forms = new HashMap<>(shipped);
    // forms deployed through the model API (on any node): the newest of each id wins
    jdbc.sql("select content from model_version where resource_type = 'FORM' and not shipped and id <= :version"
            + " order by id")
        .param("version", version)
        .query(String.class).list()
        .forEach(content -> {
          JsonNode form = parse(content, "a deployed form");
          forms.put(form.path("id").asText(), form);
        });
    snapshot = new Snapshot(version, Map.copyOf(forms));
    return snapshot.forms();
  }

  private JsonNode parse(String content, String what) {
    try {
      return json.readTree(content);
    } catch (IOException e) {
      throw new UncheckedIOException(what + " is not JSON", e);
    }
  }

  /** The ids of every known form. */
  public java.util.Set<String> ids() {
    return java.util.Set.copyOf(forms().keySet());
  }

  /** The form schema (form-js JSON) with this id. */
  public Optional<JsonNode> form(String formId) {
    return Optional.ofNullable(forms().get(formId));
  }

  /**
   * The exact form version the engine deployed under this form key (a task is rendered and validated against the
   * form its process was deployed with); empty when this engine's deployments do not know the key.
   */
  public Optional<JsonNode> formForKey(long formKey) {
    String cacheKey = engine.incarnation() + ":" + formKey;
    JsonNode cached = formsByKey.get(cacheKey);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<JsonNode> found = jdbc.sql("""
            select v.content from model_deployment d
              join model_version v on v.model_id = d.model_id and v.checksum = d.checksum
             where d.resource_type = 'FORM' and d.definition_key = :key and d.engine_incarnation = :incarnation
             order by v.id desc limit 1
            """)
        .param("key", formKey).param("incarnation", engine.incarnation()).query(String.class).optional()
        .map(content -> parse(content, "form version " + formKey));
    found.ifPresent(form -> formsByKey.put(cacheKey, form));
    return found;
  }

  /** The form of a task: the exact version when its form key is known, else the newest with its id. */
  public Optional<JsonNode> formFor(Long formKey, String formId) {
    if (formKey != null) {
      Optional<JsonNode> exact = formForKey(formKey);
      if (exact.isPresent()) {
        return exact;
      }
    }
    return formId == null ? Optional.empty() : form(formId);
  }

  /** The form id the engine deployed under this form key (the user-task job's formKey header), from any node. */
  public Optional<String> formIdForKey(long formKey) {
    String incarnation = engine.incarnation();
    String cacheKey = incarnation + ":" + formKey;
    String cached = idsByKey.get(cacheKey);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<String> found = jdbc.sql("""
            select model_id from model_deployment
             where resource_type = 'FORM' and definition_key = :key and engine_incarnation = :incarnation
             limit 1
            """)
        .param("key", formKey).param("incarnation", incarnation).query(String.class).optional();
    found.ifPresent(id -> idsByKey.put(cacheKey, id));
    return found;
  }
}
