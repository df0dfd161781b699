package io.recoverly.cases;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a phone number and an e-mail address must be to be kept for a debtor, wherever they come from (a lender's file,
 * an agent's verification): one home for the rule.
 *
 * <p>A phone is kept in E.164 ({@code +919845000667}), as SMS providers and diallers take it. It is read with
 * libphonenumber in the region of the debtor's jurisdiction, so a lender's local formats work ({@code 09845000667} in
 * India, {@code 212-555-0101} in the US); a number written with its country code ({@code +44 20 7946 0958}) is read as
 * such. A number that cannot be valid is refused. An e-mail is one address with no spaces, control or invisible
 * characters (a zero-width space would make it look right and never arrive).
 */
public final class ContactPointRules {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern PHONE_CHARACTERS = Pattern.compile("\\+?[0-9 ().-]{1,30}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{C}\\p{Z}]+@[^@\\s\\p{C}\\p{Z}]+\\.[^@\\s\\p{C}\\p{Z}]+");

  private ContactPointRules() {}

  /**
   * A phone number as kept ({@code e164}) with its line type (libphonenumber's {@code PhoneNumberType}: MOBILE,
   * FIXED_LINE, FIXED_LINE_OR_MOBILE where the numbering plan cannot tell, as in the US, VOIP, TOLL_FREE, ...), or the
   * problem with it.
   */
  public record Phone(String e164, String lineType, String problem) {
    Phone(String e164, String problem) {
      this(e164, null, problem);
    }

    public boolean valid() {
      return problem == null;
    }
  }

  /** Line types a text message reaches. */
  private static final java.util.Set<String> TEXTABLE = java.util.Set.of("MOBILE", "FIXED_LINE_OR_MOBILE");

  /**
   * Whether a phone of this line type receives SMS: mobiles, and numbers whose plan cannot tell a mobile from a fixed
   * line (US). A number kept before line types were recorded (null) is taken as it was then: it may.
   */
  public static boolean receivesSms(String lineType) {
    return lineType == null || TEXTABLE.contains(lineType);
  }

  /** The US states and DC, by their postal codes. */
  public static final java.util.Set<String> US_STATES = java.util.Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT",
      "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO",
      "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
      "VT", "VA", "WA", "WV", "WI", "WY");

  /** The kinds of e-mail address a file or an agent may give: a workplace one is written to only when the debtor gave it. */
  public static final java.util.Set<String> EMAIL_TYPES = java.util.Set.of("PERSONAL", "WORK");

  /**
   * Why an e-mail address may not be written to, null when it may: one that bounced for good (the provider said so),
   * or a workplace address the debtor did not give us themselves (12 CFR 1006.22(f)(3): an employer may read it).
   */
  public static String emailUnusable(String emailType, boolean givenByDebtor, String emailStatus) {
    if ("BOUNCED".equals(emailStatus)) {
      return "the e-mail address bounced: verify the debtor's details for a new one";
    }
    if ("WORK".equals(emailType) && !givenByDebtor) {
      return "a workplace e-mail address is used only when the debtor gave it to us (12 CFR 1006.22(f)(3))";
    }
    return null;
  }

  /**
   * Reads a phone number written in the debtor's jurisdiction ({@code US}, {@code IN}: its ISO region; null or
   * unknown: only numbers with their country code can be read).
   */
  public static Phone phone(String written, String jurisdiction) {
    String text = written == null ? "" : written.strip();
    if (!PHONE_CHARACTERS.matcher(text).matches()) {
      return new Phone(null, "not a phone number (digits, with spaces, brackets, dots or hyphens, and an optional"
          + " leading +)");
    }
    String region = jurisdiction == null ? "ZZ" : jurisdiction.toUpperCase(Locale.ROOT);
    try {
      var number = PHONES.parse(text, region);
      if (!PHONES.isValidNumber(number)) {
        return new Phone(null, "not a valid phone number" + (text.startsWith("+") ? "" : " in " + region));
      }
      return new Phone(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164),
          PHONES.getNumberType(number).name(), null);
    } catch (NumberParseException e) {
      return new Phone(null, "not a phone number" + (text.startsWith("+") ? "" : " in " + region
          + " (a number from elsewhere needs its country code, +…)"));
    }
  }

  public static Optional<String> emailProblem(String email) {
    return email.length() <= 254 && EMAIL.matcher(email).matches() ? Optional.empty()
        : Optional.of("not an email address");
  }
}
