package io.recoverly.models;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import io.recoverly.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Deploys every model shipped in {@code bpmn/} (BPMN, DMN) and {@code forms/} (Camunda Forms) at start-up, before any
 * case is launched. The engine versions a resource only when its content changed, so restarting with unchanged files
 * deploys nothing new. A model the engine refuses stops the start-up with the engine's message.
 *
 * <p>Nothing of it lives in a node's memory: what the engine deployed is in {@code model_deployment} (per engine
 * incarnation), what people deployed in {@code model_version}; every node reads them from there. Deployments from any
 * node are serialised by a PostgreSQL advisory lock held for the deployment's transaction, so two nodes starting at
 * once, or two compliance officers deploying on two nodes, record each engine deployment once and in order.
 */
@Service
public class ModelDeployer implements SmartInitializingSingleton {

  static final List<String> LOCATIONS =
      List.of("classpath*:bpmn/*.bpmn", "classpath*:bpmn/*.dmn", "classpath*:forms/*.form");
  private static final Logger log = LoggerFactory.getLogger(ModelDeployer.class);

  private final CamundaClient client;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final Engine engine;
  private final org.springframework.transaction.support.TransactionTemplate tx;

  /** The advisory lock key of model deployments (any constant; one per purpose in the database). */
  static final long DEPLOY_LOCK = 0x5265636f_44706c79L;

  private final org.springframework.context.ApplicationEventPublisher events;

  ModelDeployer(CamundaClient client, JdbcClient jdbc, Clock clock, Engine engine,
      org.springframework.context.ApplicationEventPublisher events,
      org.springframework.transaction.support.TransactionTemplate tx) {
    this.tx = tx;
    this.events = events;
    this.client = client;
    this.jdbc = jdbc;
    this.clock = clock;
    this.engine = engine;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Map<String, byte[]> shipped = shippedModels();
    deployMore(shipped, "system", models -> recordShipped(models, shipped));
    replayDeployedVersions();
  }

  /** Keeps the shipped models in the version registry (once per content). */
  private void recordShipped(List<DeployedModel> deployed, Map<String, byte[]> shipped) {
    Instant now = clock.instant();
    for (DeployedModel model : deployed) {
      byte[] content = shipped.get(model.resourceName());
      jdbc.sql("""
              insert into model_version (resource_name, resource_type, model_id, version, checksum, content,
                                         change_note, shipped, deployed_by, deployed_at)
              select :resource, :type, :modelId, :version, :checksum, :content, 'shipped with the application', true,
                     'system', :at
               where not exists (select 1 from model_version where model_id = :modelId and checksum = :checksum)
              """)
          .param("resource", model.resourceName()).param("type", model.type()).param("modelId", model.modelId())
          .param("version", model.version()).param("checksum", model.checksum())
          .param("content", new String(content, java.nio.charset.StandardCharsets.UTF_8))
          .param("at", Timestamp.from(now)).update();
    }
  }

  /**
   * The embedded engine starts empty: the versions people deployed are deployed again, in their order, so new cases
   * run what compliance deployed (a cluster keeps its deployments; there the replay finds them unchanged).
   */
  private void replayDeployedVersions() {
    var versions = jdbc.sql("select resource_name, content, deployed_by from model_version where not shipped order by id")
        .query((rs, n) -> Map.entry(rs.getString("resource_name"), rs.getString("content"))).list();
    for (var version : versions) {
      deployMore(Map.of(version.getKey(), version.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          "replay", models -> {});
    }
    if (!versions.isEmpty()) {
      log.info("Replayed {} deployed model versions", versions.size());
    }
  }

  /** The models this engine has deployed (by any node), in deployment order: read from the database. */
  public List<DeployedModel> deployed() {
    return jdbc.sql("""
            select resource_name, resource_type, model_id, version, definition_key, checksum, deployed_at
              from model_deployment where engine_incarnation = :incarnation order by id
            """)
        .param("incarnation", engine.incarnation())
        .query((rs, n) -> new DeployedModel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            rs.getLong(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
        .list();
  }

  /**
   * Deploys models under the deployment lock, in one transaction with their records: {@code model_deployment} here,
   * and whatever {@code record} writes (the version registry), so that another node sees a deployment and its content
   * together or not at all. The engine call happens inside that transaction (a deployment is rare and short; no row is
   * locked, only the advisory lock that serialises deployments).
   */
  List<DeployedModel> deployMore(Map<String, byte[]> files, String deployedBy,
      java.util.function.Consumer<List<DeployedModel>> record) {
    return tx.execute(status -> {
      jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", DEPLOY_LOCK).query(Object.class).single();
      List<DeployedModel> models = deploy(files, deployedBy);
      record.accept(models);
      return models;
    });
  }

  /** The model files shipped with the application: file name to content. */
  public static Map<String, byte[]> shippedModels() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    var resolver = new PathMatchingResourcePatternResolver();
    try {
      for (String location : LOCATIONS) {
        Resource[] resources = resolver.getResources(location);
        Arrays.sort(resources, Comparator.comparing(Resource::getFilename));
        for (Resource resource : resources) {
          try (InputStream in = resource.getInputStream()) {
            files.put(resource.getFilename(), in.readAllBytes());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shipped models", e);
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no models found on the classpath under bpmn/ and forms/");
    }
    return files;
  }

  List<DeployedModel> deploy(Map<String, byte[]> files, String deployedBy) {
    DeployResourceCommandStep2 command = null;
    for (var file : files.entrySet()) {
      command =
          command == null
              ? client.newDeployResourceCommand().addResourceBytes(file.getValue(), file.getKey())
              : command.addResourceBytes(file.getValue(), file.getKey());
    }
    DeploymentEvent deployment = command.send().join();
    Instant now = clock.instant();
    List<DeployedModel> models = new ArrayList<>();
    deployment.getProcesses().forEach(p ->
        models.add(new DeployedModel(p.getResourceName(), "BPMN", p.getBpmnProcessId(), p.getVersion(),
            p.getProcessDefinitionKey(), checksum(files.get(p.getResourceName())), now)));
    Map<Long, String> dmnResources = new java.util.HashMap<>();
    deployment.getDecisionRequirements()
        .forEach(r -> dmnResources.put(r.getDecisionRequirementsKey(), r.getResourceName()));
    deployment.getDecisions().forEach(d -> {
      String resource = dmnResources.get(d.getDecisionRequirementsKey());
      models.add(new DeployedModel(resource, "DMN", d.getDmnDecisionId(), d.getVersion(), d.getDecisionKey(),
          checksum(files.get(resource)), now));
    });
    deployment.getForm().forEach(f ->
        models.add(new DeployedModel(f.getResourceName(), "FORM", f.getFormId(), f.getVersion(), f.getFormKey(),
            checksum(files.get(f.getResourceName())), now)));
    List<DeployedModel> recorded = new ArrayList<>();
    for (DeployedModel model : models) {
      int rows = jdbc.sql(
              """
              insert into model_deployment (deployment_key, resource_name, resource_type, model_id, version,
                                            definition_key, checksum, deployed_by, deployed_at, engine_incarnation)
              select :deploymentKey, :resource, :type, :modelId, :version, :definitionKey, :checksum, :by, :at,
                     :incarnation
               where not exists (select 1 from model_deployment
                                  where definition_key = :definitionKey and engine_incarnation = :incarnation)
              """)
          .param("deploymentKey", deployment.getKey())
          .param("resource", model.resourceName())
          .param("type", model.type())
          .param("modelId", model.modelId())
          .param("version", model.version())
          .param("definitionKey", model.definitionKey())
          .param("checksum", model.checksum())
          .param("by", deployedBy)
          .param("at", Timestamp.from(now))
          .param("incarnation", engine.incarnation())
          .update();
      if (rows == 1) {
        recorded.add(model);
      }
      log.info("Deployed {} {} v{} from {}", model.type(), model.modelId(), model.version(), model.resourceName());
    }
    if (!recorded.isEmpty()) {
      events.publishEvent(new ModelsDeployed(List.copyOf(recorded), deployedBy));
    }
    return List.copyOf(models);
  }

  private static String checksum(byte[] content) {
    if (content == null) {
      return "";
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
