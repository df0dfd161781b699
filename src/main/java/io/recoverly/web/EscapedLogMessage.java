package io.recoverly.web;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** The log message with its control characters escaped (logback-spring.xml): one event, one line. */
public class EscapedLogMessage extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return InputHygiene.printable(super.convert(event));
  }
}
