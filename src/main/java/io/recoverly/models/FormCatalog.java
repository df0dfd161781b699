package io.recoverly.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The Camunda Forms the app ships ({@code forms/}), by form id, and the engine's form keys for them. */
@Service
public class FormCatalog {

  private final Map<String, JsonNode> forms = new java.util.concurrent.ConcurrentHashMap<>();
  private final ModelDeployer deployer;

  FormCatalog(ObjectMapper json, ModelDeployer deployer, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
    this.deployer = deployer;
    ModelDeployer.shippedModels().forEach((name, content) -> {
      if (name.endsWith(".form")) {
        try {
          JsonNode form = json.readTree(content);
          forms.put(form.path("id").asText(), form);
        } catch (IOException e) {
          throw new UncheckedIOException("form " + name + " is not JSON", e);
        }
      }
    });
    // forms deployed through the model API since (replayed into the engine at start): the newest of each id wins
    jdbc.sql("select content from model_version where resource_type = 'FORM' and not shipped order by id")
        .query(String.class).list().forEach(content -> {
          try {
            register(json.readTree(content));
          } catch (IOException e) {
            throw new UncheckedIOException("a deployed form is not JSON", e);
          }
        });
  }

  /** A form deployed after start-up (its newest version serves new tasks). */
  void register(JsonNode form) {
    forms.put(form.path("id").asText(), form);
  }

  /** The ids of every known form. */
  public java.util.Set<String> ids() {
    return java.util.Set.copyOf(forms.keySet());
  }

  /** The form schema (form-js JSON) with this id. */
  public Optional<JsonNode> form(String formId) {
    return Optional.ofNullable(forms.get(formId));
  }

  /** The form id the engine deployed under this form key (the user-task job's formKey header). */
  public Optional<String> formIdForKey(long formKey) {
    return deployer.deployed().stream()
        .filter(m -> m.type().equals("FORM") && m.definitionKey() == formKey)
        .map(DeployedModel::modelId)
        .findFirst();
  }
}
