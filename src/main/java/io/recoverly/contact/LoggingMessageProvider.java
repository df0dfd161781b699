package io.recoverly.contact;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands each message to the provider configured for its channel ({@link ChannelProvider}: e-mail over SMTP with
 * {@code recoverly.providers.email.kind=smtp}, ...). A channel with no provider is delivered to the log only (recipient
 * masked): with none configured, as in the demo, tests and simulations, nothing reaches a debtor.
 */
@Configuration(proxyBeanMethods = false)
class LoggingMessageProvider {

  private static final Logger log = LoggerFactory.getLogger(LoggingMessageProvider.class);

  @Bean
  @ConditionalOnMissingBean(MessageProvider.class)
  MessageProvider channelProviders(List<ChannelProvider> providers) {
    Map<Channel, ChannelProvider> byChannel = new EnumMap<>(Channel.class);
    for (ChannelProvider provider : providers) {
      if (byChannel.put(provider.channel(), provider) != null) {
        throw new IllegalStateException("two providers are configured for " + provider.channel());
      }
    }
    log.info("Message providers: {}", byChannel.isEmpty() ? "none (every message is logged only)" : byChannel.keySet()
        + " configured, the other channels logged only");
    return (key, message) -> {
      ChannelProvider provider = byChannel.get(message.channel());
      if (provider != null) {
        provider.deliver(key, message);
        return;
      }
      log.info("Delivered {} '{}' for case {} to {} (no provider configured: logged only; {})",
          message.channel(), message.template(), message.caseId(), message.maskedRecipient(), key);
    };
  }
}
