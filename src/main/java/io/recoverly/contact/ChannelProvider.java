package io.recoverly.contact;

/**
 * A provider of one channel (an SMTP server for e-mail, an SMS gateway, a letter house), chosen by configuration; the
 * {@link MessageProvider} hands each message to its channel's provider, and logs the ones no provider is configured
 * for. The idempotency rules of {@link MessageProvider#deliver} apply.
 */
public interface ChannelProvider {

  Channel channel();

  void deliver(String idempotencyKey, OutboundMessage message);
}
