package io.recoverly.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.command.ClientStatusException;
import io.recoverly.web.Problems;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The model registry: every process, decision and form with its versions (who deployed it, when, why, how many open
 * cases run it), validation before deploy, and deploy with a mandatory change note. A model with any problem is not
 * deployed: the answer lists every problem (400).
 */
@Service
public class ModelRegistry {

  private final ModelDeployer deployer;
  private final FormCatalog forms;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final ObjectMapper json;
  private final ModelValidator validator = new ModelValidator(ModelValidator.jobWorkerTypes());

  ModelRegistry(ModelDeployer deployer, FormCatalog forms, JdbcClient jdbc, Clock clock, ObjectMapper json) {
    this.deployer = deployer;
    this.forms = forms;
    this.jdbc = jdbc;
    this.clock = clock;
    this.json = json;
  }

  /** One deployed version. */
  public record Version(int version, String resourceName, String checksum, String changeNote, boolean shipped,
      String deployedBy, Instant deployedAt, Long openCases) {}

  /** A model with its versions, newest first. */
  public record Model(String modelId, String type, List<Version> versions) {}

  /** What a deploy created. */
  public record Deployed(String modelId, String type, int version, String resourceName) {}

  public List<ModelProblem> validate(String resourceName, String content) {
    checkName(resourceName);
    return validator.validate(Map.of(resourceName, bytes(content)), known());
  }

  /** Validates, deploys and records a new version; 400 listing every problem when anything is wrong. */
  public List<Deployed> deploy(String resourceName, String content, String changeNote, String by) {
    checkName(resourceName);
    if (changeNote == null || changeNote.strip().length() < 5 || changeNote.length() > 2000) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Change note required",
          "say what changed and why (5 to 2000 characters)").field("changeNote").exception();
    }
    List<ModelProblem> problems = validate(resourceName, content);
    if (!problems.isEmpty()) {
      throw refused(problems);
    }
    List<DeployedModel> models;
    try {
      models = deployer.deployMore(Map.of(resourceName, bytes(content)), by);
    } catch (ClientStatusException | CompletionException e) {
      throw refused(List.of(new ModelProblem(resourceName, null, null, "the engine refused it: " + e.getMessage())));
    }
    Instant now = clock.instant();
    List<Deployed> result = new ArrayList<>();
    for (DeployedModel model : models) {
      jdbc.sql("""
              insert into model_version (resource_name, resource_type, model_id, version, checksum, content,
                                         change_note, shipped, deployed_by, deployed_at)
              values (:resource, :type, :modelId, :version, :checksum, :content, :note, false, :by, :at)
              """)
          .param("resource", resourceName).param("type", model.type()).param("modelId", model.modelId())
          .param("version", model.version()).param("checksum", model.checksum()).param("content", content)
          .param("note", changeNote.strip()).param("by", by).param("at", Timestamp.from(now)).update();
      if (model.type().equals("FORM")) {
        try {
          forms.register(json.readTree(content));
        } catch (java.io.IOException e) {
          throw new IllegalStateException("a validated form is not JSON", e);
        }
      }
      result.add(new Deployed(model.modelId(), model.type(), model.version(), resourceName));
    }
    return result;
  }

  /** Every model with its versions, newest first; open cases per version for the case process. */
  public List<Model> models() {
    Map<Integer, Long> openCases = jdbc.sql("""
            select process_version, count(*) from collection_case
             where status = 'OPEN' and process_version is not null group by process_version
            """)
        .query((rs, n) -> Map.entry(rs.getInt(1), rs.getLong(2))).list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    Map<String, List<Version>> versions = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    jdbc.sql("select * from model_version order by model_id, version desc, id desc").query((rs, n) -> {
      String id = rs.getString("model_id");
      types.put(id, rs.getString("resource_type"));
      boolean caseProcess = id.equals("collection-case");
      versions.computeIfAbsent(id, k -> new ArrayList<>()).add(new Version(rs.getInt("version"),
          rs.getString("resource_name"), rs.getString("checksum"), rs.getString("change_note"),
          rs.getBoolean("shipped"), rs.getString("deployed_by"), rs.getTimestamp("deployed_at").toInstant(),
          caseProcess ? openCases.getOrDefault(rs.getInt("version"), 0L) : null));
      return null;
    }).list();
    return versions.entrySet().stream().map(e -> new Model(e.getKey(), types.get(e.getKey()), e.getValue())).toList();
  }

  /** The content of one version (what the editor opens). */
  public String content(String modelId, int version) {
    return jdbc.sql("select content from model_version where model_id = :id and version = :v order by id desc limit 1")
        .param("id", modelId).param("v", version).query(String.class).optional()
        .orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "No such model version",
            modelId + " has no version " + version).exception());
  }

  private ModelValidator.Known known() {
    Set<String> decisions = deployer.deployed().stream().filter(m -> m.type().equals("DMN"))
        .map(DeployedModel::modelId).collect(Collectors.toSet());
    return new ModelValidator.Known(forms.ids(), decisions);
  }

  private static void checkName(String resourceName) {
    if (resourceName == null || !resourceName.matches("[a-z0-9][a-z0-9-]{0,100}\\.(bpmn|dmn|form)")) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid resource name",
          "a kebab-case file name ending in .bpmn, .dmn or .form").field("resourceName").exception();
    }
  }

  private static byte[] bytes(String content) {
    if (content == null || content.isBlank()) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "No content", "the model's content is empty").field("content")
          .exception();
    }
    if (content.length() > 2_000_000) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Too large", "a model may have at most 2,000,000 characters")
          .field("content").exception();
    }
    return content.getBytes(StandardCharsets.UTF_8);
  }

  private static RuntimeException refused(List<ModelProblem> problems) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Model not deployed",
        problems.size() + " problem(s): " + problems.stream().map(p -> p.resource()
            + (p.element() == null ? "" : " " + p.element()) + ": " + p.message()).collect(Collectors.joining("; ")))
        .with("problems", problems).exception();
  }
}
