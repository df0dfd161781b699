package io.recoverly.models;

import java.time.Instant;

/**
 * One resource of a deployment.
 *
 * @param type BPMN, DMN or FORM
 * @param modelId BPMN process id, DMN decision id or form id
 * @param definitionKey the engine's key for this version (process definition, decision or form key)
 */
public record DeployedModel(
    String resourceName, String type, String modelId, int version, long definitionKey, String checksum,
    Instant deployedAt) {}
