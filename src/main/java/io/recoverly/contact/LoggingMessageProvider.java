package io.recoverly.contact;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Until a real provider is configured, messages are delivered to the log only (recipient masked): nothing reaches a
 * debtor from a demo, a test or a simulation. A provider integration is a {@link MessageProvider} bean of its own.
 */
@Configuration(proxyBeanMethods = false)
class LoggingMessageProvider {

  private static final Logger log = LoggerFactory.getLogger(LoggingMessageProvider.class);

  @Bean
  @ConditionalOnMissingBean(MessageProvider.class)
  MessageProvider loggedDeliveries() {
    return (key, message) -> log.info("Delivered {} '{}' for case {} to {} (no provider configured: logged only; {})",
        message.channel(), message.template(), message.caseId(), message.maskedRecipient(), key);
  }
}
