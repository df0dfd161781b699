package io.recoverly.contact;

import java.util.Locale;

/** Outbound contact channels. */
public enum Channel {
  SMS,
  EMAIL,
  LETTER,
  CALL;

  static Channel parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown contact channel '" + text + "'", e);
    }
  }
}
