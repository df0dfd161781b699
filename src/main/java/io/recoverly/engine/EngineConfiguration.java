package io.recoverly.engine;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

  static final String ENGINE_BEAN = "recoverlyEngine";

  @Bean(ENGINE_BEAN)
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

  @Bean(ENGINE_BEAN)
  @ConditionalOnProperty(name = "recoverly.engine.mode", havingValue = "cluster")
  ClusterEngine clusterEngine() {
    return new ClusterEngine();
  }

  @Bean
  Clock clock(Engine engine) {
    return EngineClock.utc(engine);
  }

  /**
   * The Camunda client (and with it every job worker and deployment) is created only after the engine is up, and
   * closed before the engine stops.
   */
  @Bean
  static BeanFactoryPostProcessor camundaClientAfterEngine() {
    return beanFactory -> {
      if (!beanFactory.containsBeanDefinition(ENGINE_BEAN)) {
        return;
      }
      for (String name : beanFactory.getBeanNamesForType(CamundaClient.class, true, false)) {
        var definition = beanFactory.getBeanDefinition(name);
        String[] dependsOn = definition.getDependsOn();
        String[] extended = dependsOn == null ? new String[1] : java.util.Arrays.copyOf(dependsOn, dependsOn.length + 1);
        extended[extended.length - 1] = ENGINE_BEAN;
        definition.setDependsOn(extended);
      }
    };
  }
}
