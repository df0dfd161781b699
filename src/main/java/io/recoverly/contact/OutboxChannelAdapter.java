package io.recoverly.contact;

import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The default adapter: writes the message to the {@code outbound_message} outbox in the caller's transaction and logs
 * it with the recipient masked. The {@link OutboxRelay} hands PENDING rows to the provider. Side-effect free towards the
 * outside world, so simulations and demos never reach a real debtor.
 */
@Component
class OutboxChannelAdapter implements ChannelAdapter {

  private static final Logger log = LoggerFactory.getLogger(OutboxChannelAdapter.class);

  private final JdbcClient jdbc;
  private final Clock clock;

  OutboxChannelAdapter(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public boolean send(OutboundMessage message) {
    int rows =
        jdbc.sql(
                """
                insert into outbound_message (case_id, channel, template, recipient, body, status, created_at, dedup_key,
                                              send_after, subject)
                values (:caseId, :channel, :template, :recipient, :body, 'PENDING', :at, :dedupKey, :sendAfter,
                        :subject)
                on conflict (dedup_key) do nothing
                """)
            .param("caseId", message.caseId())
            .param("subject", message.subject())
            .param("channel", message.channel().name())
            .param("template", message.template())
            .param("recipient", message.recipient())
            .param("body", message.body())
            .param("at", Timestamp.from(clock.instant()))
            .param("dedupKey", message.dedupKey())
            .param("sendAfter", message.sendAfter() == null ? null : Timestamp.from(message.sendAfter()))
            .update();
    if (rows == 1) {
      log.info(
          "Queued {} '{}' for case {} to {}{}",
          message.channel(), message.template(), message.caseId(), message.maskedRecipient(),
          message.sendAfter() == null ? "" : " (not before " + message.sendAfter() + ")");
    }
    return rows == 1;
  }

}
