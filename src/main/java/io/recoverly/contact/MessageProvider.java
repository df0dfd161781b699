package io.recoverly.contact;

/**
 * The port to the SMS, e-mail and letter providers. {@code deliver} may be called again with the same key after a
 * crash between the hand-over and the outbox's record of it: a provider must treat a known key as already delivered
 * (SMS and e-mail gateways take such an idempotency key; a letter house takes the reference). An exception is a failed
 * delivery that the relay retries with backoff.
 */
public interface MessageProvider {

  void deliver(String idempotencyKey, OutboundMessage message);
}
