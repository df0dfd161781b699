package io.recoverly.cases;

/** Masks personal data for responses and logs: enough to recognise, not enough to use. */
public final class PiiMask {

  private PiiMask() {}

  /** {@code +14155550123} becomes {@code +1******0123}. */
  public static String phone(String phone) {
    if (phone == null || phone.isBlank()) {
      return null;
    }
    int keep = Math.min(4, phone.length() / 3);
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

  /** Addresses keep only their last comma-separated part (city/region), e.g. {@code ***, Springfield IL}. */
  public static String address(String address) {
    if (address == null || address.isBlank()) {
      return null;
    }
    int comma = address.lastIndexOf(',');
    return comma < 0 ? "***" : "***," + address.substring(comma + 1);
  }
}
