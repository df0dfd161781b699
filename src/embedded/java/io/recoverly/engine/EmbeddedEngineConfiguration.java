package io.recoverly.engine;

import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded engine (embedded mode, the default): only in the default build. The production artifact
 * ({@code -Pproduction}) carries neither this class nor the engine it starts; there the mode must be {@code cluster}
 * (see {@link EngineConfiguration#productionArtifactNeedsClusterMode}).
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedEngineConfiguration {

  @Bean(EngineConfiguration.ENGINE_BEAN)
  @ConditionalOnProperty(name = "recoverly.engine.mode", havingValue = "embedded", matchIfMissing = true)
  EmbeddedZeebeEngine embeddedEngine(EngineProperties properties, MeterRegistry meters) {
    return switch (properties.state()) {
      case ROCKSDB ->
          new EmbeddedZeebeEngine(
              new RocksDbZeebeEngine(properties.port(), properties.dataDir(), meters, properties.retainLog()),
              properties.port(),
              "rocksdb");
      case IN_MEMORY -> new EmbeddedZeebeEngine(EngineFactory.create(properties.port()), properties.port(), "in-memory");
    };
  }
}
