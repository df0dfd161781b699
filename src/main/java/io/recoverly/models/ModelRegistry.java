package io.recoverly.models;

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
  private final ModelValidator validator = new ModelValidator(ModelValidator.jobWorkerTypes());

  ModelRegistry(ModelDeployer deployer, FormCatalog forms, JdbcClient jdbc, Clock clock) {
    this.deployer = deployer;
    this.forms = forms;
    this.jdbc = jdbc;
    this.clock = clock;
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
    List<Deployed> result = new ArrayList<>();
    try {
      // the version registry is written in the deployment's transaction: another node sees both or neither
      deployer.deployMore(Map.of(resourceName, bytes(content)), by, models -> {
        Instant now = clock.instant();
        for (DeployedModel model : models) {
          jdbc.sql("""
                  insert into model_version (resource_name, resource_type, model_id, version, checksum, content,
                                             change_note, shipped, deployed_by, deployed_at)
                  values (:resource, :type, :modelId, :version, :checksum, :content, :note, false, :by, :at)
                  """)
              .param("resource", resourceName).param("type", model.type()).param("modelId", model.modelId())
              .param("version", model.version()).param("checksum", model.checksum()).param("content", content)
              .param("note", changeNote.strip()).param("by", by).param("at", Timestamp.from(now)).update();
          result.add(new Deployed(model.modelId(), model.type(), model.version(), resourceName));
        }
      });
    } catch (ClientStatusException | CompletionException e) {
      throw refused(List.of(new ModelProblem(resourceName, null, null, "the engine refused it: " + e.getMessage())));
    }
    jdbc.sql("delete from model_draft where resource_name = :name").param("name", resourceName).update();
    return result;
  }

  /** A saved draft. */
  public record Draft(String resourceName, String content, Integer basedOn, String savedBy, Instant savedAt) {}

  /** Saves (replaces) the draft of a file; not validated, not deployed. */
  public Draft saveDraft(String resourceName, String content, Integer basedOn, String by) {
    checkName(resourceName);
    bytes(content);
    jdbc.sql("""
            insert into model_draft (resource_name, content, based_on, saved_by, saved_at)
            values (:name, :content, :basedOn, :by, :at)
            on conflict (resource_name) do update set content = excluded.content, based_on = excluded.based_on,
              saved_by = excluded.saved_by, saved_at = excluded.saved_at
            """)
        .param("name", resourceName).param("content", content).param("basedOn", basedOn).param("by", by)
        .param("at", Timestamp.from(clock.instant())).update();
    return draft(resourceName).orElseThrow();
  }

  /** Every draft, without content (what the editor checks before opening a file). */
  public List<Draft> drafts() {
    return jdbc.sql("select resource_name, based_on, saved_by, saved_at from model_draft order by resource_name")
        .query((rs, n) -> new Draft(rs.getString("resource_name"), null, (Integer) rs.getObject("based_on"),
            rs.getString("saved_by"), rs.getTimestamp("saved_at").toInstant()))
        .list();
  }

  public java.util.Optional<Draft> draft(String resourceName) {
    return jdbc.sql("select * from model_draft where resource_name = :name").param("name", resourceName)
        .query((rs, n) -> new Draft(rs.getString("resource_name"), rs.getString("content"),
            (Integer) rs.getObject("based_on"), rs.getString("saved_by"), rs.getTimestamp("saved_at").toInstant()))
        .optional();
  }

  /** Elements added, removed and changed between two versions of a BPMN or DMN model. */
  public record Diff(String modelId, int fromVersion, int toVersion, List<String> added, List<String> removed,
      List<String> changed) {}

  public Diff diff(String modelId, int from, int to) {
    Map<String, String> a = elements(content(modelId, from));
    Map<String, String> b = elements(content(modelId, to));
    List<String> added = b.keySet().stream().filter(id -> !a.containsKey(id)).sorted().toList();
    List<String> removed = a.keySet().stream().filter(id -> !b.containsKey(id)).sorted().toList();
    List<String> changed = b.keySet().stream().filter(id -> a.containsKey(id) && !a.get(id).equals(b.get(id)))
        .sorted().toList();
    return new Diff(modelId, from, to, added, removed, changed);
  }

  /** Element id to its normalised XML (semantic part only, no diagram), for BPMN and DMN files. */
  private static Map<String, String> elements(String xml) {
    Map<String, String> elements = new LinkedHashMap<>();
    try {
      var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var document = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(bytes(xml)));
      var all = document.getElementsByTagNameNS("*", "*");
      // the elements drawn on the diagram (the ones a diff can highlight)
      Set<String> visible = new java.util.HashSet<>();
      for (int i = 0; i < all.getLength(); i++) {
        var element = (org.w3c.dom.Element) all.item(i);
        for (String ref : List.of("bpmnElement", "dmnElementRef")) {
          if (element.hasAttribute(ref)) {
            visible.add(element.getAttribute(ref));
          }
        }
      }
      var transformer = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
      for (int i = 0; i < all.getLength(); i++) {
        var element = (org.w3c.dom.Element) all.item(i);
        String id = element.getAttribute("id");
        if (id.isEmpty() || !visible.contains(id) || element.hasAttribute("bpmnElement")) {
          continue;
        }
        // the element's own definition: nested drawn elements (a stage's tasks) count for themselves
        var copy = (org.w3c.dom.Element) element.cloneNode(true);
        var nested = copy.getElementsByTagNameNS("*", "*");
        for (int n = nested.getLength() - 1; n >= 0; n--) {
          var child = (org.w3c.dom.Element) nested.item(n);
          if (visible.contains(child.getAttribute("id")) && child.getParentNode() != null) {
            child.getParentNode().removeChild(child);
          }
        }
        var out = new java.io.StringWriter();
        transformer.transform(new javax.xml.transform.dom.DOMSource(copy),
            new javax.xml.transform.stream.StreamResult(out));
        elements.put(id, out.toString().replaceAll("\\s+", " "));
      }
    } catch (Exception e) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Cannot compare", "a version does not parse: " + e.getMessage())
          .exception();
    }
    return elements;
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
