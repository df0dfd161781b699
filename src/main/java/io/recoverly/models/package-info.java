/**
 * The models the engine runs: every BPMN, DMN and form file shipped from {@code bpmn/} and {@code forms/} is deployed
 * at start-up in one deployment (so forms and decisions resolve against the same version set), and each deployed
 * resource is recorded in {@code model_deployment}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Models")
package io.recoverly.models;
