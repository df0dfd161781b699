package io.recoverly.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recoverly.support.AppTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@AppTest
class ModelDeploymentTest {

  @Autowired ModelDeployer deployer;
  @Autowired JdbcClient jdbc;

  @Test
  void everyFileInBpmnAndFormsIsDeployedAndRecorded() throws Exception {
    List<String> files = new ArrayList<>();
    for (Path file : ModelLintTest.files("bpmn", ".bpmn")) files.add(file.getFileName().toString());
    for (Path file : ModelLintTest.files("bpmn", ".dmn")) files.add(file.getFileName().toString());
    for (Path file : ModelLintTest.files("forms", ".form")) files.add(file.getFileName().toString());

    List<String> deployed = deployer.deployed().stream().map(DeployedModel::resourceName).distinct().toList();

    assertThat(deployed).containsExactlyInAnyOrderElementsOf(files);
    assertThat(deployer.deployed()).extracting(DeployedModel::modelId)
        .contains("collection-case", "collection-strategy", "call-debtor");
    long recorded = jdbc.sql("select count(distinct resource_name) from model_deployment").query(Long.class).single();
    assertThat(recorded).isEqualTo(files.size());
  }

  @Test
  void theEngineRefusesABrokenModel() {
    byte[] broken = "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><bpmn:process id=\"x\""
        .getBytes();
    assertThatThrownBy(() -> deployer.deploy(Map.of("broken.bpmn", broken), "test"))
        .hasMessageContaining("broken.bpmn");
  }
}
