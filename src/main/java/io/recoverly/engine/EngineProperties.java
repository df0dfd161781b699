package io.recoverly.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code recoverly.engine.*}.
 *
 * @param mode embedded (default) or cluster
 * @param port gRPC port of the embedded engine's gateway (the Camunda client's grpc-address points at it)
 */
@ConfigurationProperties("recoverly.engine")
record EngineProperties(@DefaultValue("embedded") EngineMode mode, @DefaultValue("26500") int port) {}
