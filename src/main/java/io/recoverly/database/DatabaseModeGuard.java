package io.recoverly.database;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Cluster mode runs against a real PostgreSQL: without a configured URL it stops with one clear sentence, before
 * anything (the data source first of all) tries to start.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceUrlConfigured.class)
@ConditionalOnProperty(name = "recoverly.engine.mode", havingValue = "cluster")
class DatabaseModeGuard {

  @Bean
  static BeanFactoryPostProcessor requireDatasourceUrlInClusterMode() {
    return beanFactory -> {
      throw new IllegalStateException(
          "Cluster mode needs a PostgreSQL database: set SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME,"
              + " SPRING_DATASOURCE_PASSWORD); docker-compose.yml does this for you.");
    };
  }
}
