package io.recoverly.engine;

import io.camunda.client.CamundaClient;
import java.time.Clock;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

  static final String ENGINE_BEAN = "recoverlyEngine";

  /** The embedded engine's wiring, present only in the default build (src/embedded/java). */
  static final String EMBEDDED_WIRING = "io.recoverly.engine.EmbeddedEngineConfiguration";

  @Bean(ENGINE_BEAN)
  @ConditionalOnProperty(name = "recoverly.engine.mode", havingValue = "cluster")
  ClusterEngine clusterEngine(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
    return new ClusterEngine(jdbc);
  }

  /**
   * The production artifact has no embedded engine: started in embedded mode (the default) it stops at once with what
   * to do instead of failing later on a missing bean.
   */
  @Bean
  static BeanFactoryPostProcessor productionArtifactNeedsClusterMode() {
    return beanFactory -> {
      var environment = beanFactory.getBean(org.springframework.core.env.Environment.class);
      boolean embedded = !"cluster".equalsIgnoreCase(environment.getProperty("recoverly.engine.mode", "embedded"));
      if (embedded && !org.springframework.util.ClassUtils.isPresent(EMBEDDED_WIRING, null)) {
        throw new IllegalStateException("This is the production artifact: it carries no embedded engine. Run it in"
            + " cluster mode on a Camunda 8.8 cluster: --spring.profiles.active=cluster"
            + " --camunda.client.grpc-address=http://<gateway>:26500 --spring.datasource.url=jdbc:postgresql://...");
      }
    };
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
