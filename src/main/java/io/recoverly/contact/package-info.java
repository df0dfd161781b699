/**
 * Outbound contact: reminders by SMS, email and letter through channel adapters behind the {@link
 * io.recoverly.contact.ChannelAdapter} port. The default adapter writes each message to the transactional outbox
 * ({@code outbound_message}) for a provider relay to send.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Contact")
package io.recoverly.contact;
