package io.recoverly.cases;

/** Masks personal data for responses and logs: enough to recognise, not enough to use. */
public final class PiiMask {

  private PiiMask() {}

  /** {@code +14155550123} becomes {@code +1******0123}. */
  /** How many of a phone number's last digits the mask shows. */
  public static final int PHONE_DIGITS_SHOWN = 4;

  /** A date of birth is only ever said to be on file: it is what a debtor proves who they are with. */
  public static String dateOfBirth() {
    return "**/**/****";
  }

  public static String phone(String phone) {
    if (phone == null || phone.isBlank()) {
      return null;
    }
    int keep = Math.min(PHONE_DIGITS_SHOWN, phone.length() / 3);
    int prefix = phone.startsWith("+") ? Math.min(2, phone.length() - keep) : 0;
    return phone.substring(0, prefix) + "*".repeat(phone.length() - keep - prefix) + phone.substring(phone.length() - keep);
  }

  /** {@code jane.doe@example.com} becomes {@code j*******@example.com}. */
  public static String email(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    int at = email.indexOf('@');
    if (at <= 0) {
      return "*".repeat(email.length());
    }
    return email.charAt(0) + "*".repeat(Math.max(1, at - 1)) + email.substring(at);
  }

  private static final java.util.regex.Pattern EMAIL_IN_TEXT =
      java.util.regex.Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
  /** A phone number written in free text: 7 or more digits, maybe with +, spaces, dots, dashes and parentheses. */
  private static final java.util.regex.Pattern PHONE_IN_TEXT =
      java.util.regex.Pattern.compile("\\+?\\(?\\d[\\d\\s().-]{5,}\\d");

  /**
   * Free text someone typed (call notes, verification notes, a reason) with the e-mail addresses and phone numbers in
   * it masked, for every place the text is shown: people write the new number into the notes too. Street addresses
   * in free text cannot be told from other words and stay; dates and amounts of fewer than 7 digits stay.
   */
  public static String scrubText(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String scrubbed = EMAIL_IN_TEXT.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
        email(m.group())));
    return PHONE_IN_TEXT.matcher(scrubbed).replaceAll(m -> {
      String digits = m.group().replaceAll("\\D", "");
      return digits.length() >= 7 ? java.util.regex.Matcher.quoteReplacement(phone(m.group())) : m.group();
    });
  }

  /** Addresses keep only their last comma-separated part (city/region), e.g. {@code ***, Springfield IL}. */
  public static String address(String address) {
    if (address == null || address.isBlank()) {
      return null;
    }
    int comma = address.lastIndexOf(',');
    return comma < 0 ? "***" : "***," + address.substring(comma + 1);
  }
}
