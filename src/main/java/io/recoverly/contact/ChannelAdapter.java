package io.recoverly.contact;

/** Port to whatever delivers messages (SMS gateway, email service, print house). */
public interface ChannelAdapter {

  /** Queues the message for delivery; returns false when a message with the same dedup key was already queued. */
  boolean send(OutboundMessage message);
}
