package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelRotationTest {

  @Test
  void writtenChannelsRotateFromTheStrategysFirstChannel() {
    assertThat(ReminderService.channelForCycle("SMS", 0)).isEqualTo("SMS");
    assertThat(ReminderService.channelForCycle("SMS", 1)).isEqualTo("EMAIL");
    assertThat(ReminderService.channelForCycle("SMS", 2)).isEqualTo("LETTER");
    assertThat(ReminderService.channelForCycle("SMS", 3)).isEqualTo("SMS");
    assertThat(ReminderService.channelForCycle("LETTER", 1)).isEqualTo("SMS");
    assertThat(ReminderService.channelForCycle("EMAIL", 0)).isEqualTo("EMAIL");
    // a strategy that opens with an agent call writes by SMS
    assertThat(ReminderService.channelForCycle("CALL", 0)).isEqualTo("SMS");
  }
}
