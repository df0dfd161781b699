package io.recoverly.models;

import java.util.List;

/** Published when models were deployed to the engine (audited by compliance). */
public record ModelsDeployed(List<DeployedModel> models, String deployedBy) {}
