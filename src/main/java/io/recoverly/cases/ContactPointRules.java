package io.recoverly.cases;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a phone number and an e-mail address must be to be kept for a debtor, wherever they come from (a lender's file,
 * an agent's verification): one home for the rule. A phone is 7 to 15 digits with an optional leading +, written with
 * any spaces, brackets, dots or hyphens (which are dropped); an e-mail is one address with no spaces, control or
 * invisible characters (a zero-width space would make it look right and never arrive).
 */
public final class ContactPointRules {

  private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{7,15}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{C}\\p{Z}]+@[^@\\s\\p{C}\\p{Z}]+\\.[^@\\s\\p{C}\\p{Z}]+");

  private ContactPointRules() {}

  /** The number as kept: without the spaces, brackets, dots and hyphens it was written with. */
  public static String normalisePhone(String phone) {
    return phone.replaceAll("[\\s().-]", "");
  }

  public static Optional<String> phoneProblem(String phone) {
    return PHONE.matcher(normalisePhone(phone)).matches() ? Optional.empty()
        : Optional.of("not a phone number (7-15 digits, optional leading +)");
  }

  public static Optional<String> emailProblem(String email) {
    return email.length() <= 254 && EMAIL.matcher(email).matches() ? Optional.empty()
        : Optional.of("not an email address");
  }
}
