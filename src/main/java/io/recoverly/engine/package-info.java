/**
 * How the Zeebe engine is reached. The only package that knows the runtime mode: {@code embedded} starts the real
 * Zeebe engine in-process and points the Camunda client at its gRPC gateway; {@code cluster} starts nothing and the
 * client connects to an external Camunda 8.8 cluster. Everything else talks to the engine through the Camunda client
 * and to time through the {@link java.time.Clock} bean published here, which follows the engine's clock.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Engine")
package io.recoverly.engine;
