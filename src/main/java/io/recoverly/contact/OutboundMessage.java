package io.recoverly.contact;

import java.util.UUID;

/**
 * One message to a debtor.
 *
 * @param dedupKey identical for a redelivered job: an adapter sends a message with a known key at most once
 */
public record OutboundMessage(
    UUID caseId, Channel channel, String template, String recipient, String body, String dedupKey) {}
