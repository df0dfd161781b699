package io.recoverly.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a message template must and must not carry, by channel and jurisdiction: the one home of these rules (the
 * template store refuses a template that breaks one; nothing else checks them).
 *
 * <ul>
 *   <li>Every message but a voicemail names the creditor ({@code {creditor}}).
 *   <li>US, every written message (SMS, e-mail, letter): the debt-collector disclosure
 *       ({@code {debtCollectorDisclosure}}), 15 U.S.C. 1692e(11) and 12 CFR 1006.18(e).
 *   <li>Every electronic message (SMS, e-mail): a clear way to opt out ({@code {optOut}}: "Reply STOP" by SMS, an
 *       unsubscribe link by e-mail), 12 CFR 1006.6(e).
 *   <li>A letter's envelope (its {@code subject}) shows nothing but the collector's address
 *       ({@code {collectorAddress}}), 15 U.S.C. 1692f(8) and 12 CFR 1006.22(f)(2).
 *   <li>A voicemail is the limited-content message of 12 CFR 1006.2(j): the collector's business name that does not
 *       say debt collection, a request to reply, the phone number to reply to ({@code {collectorPhone}}); never the
 *       creditor, the account, an amount, the disclosure, or the words debt or collect.
 *   <li>Only the known placeholders.
 * </ul>
 */
public final class TemplateRules {

  public static final Set<String> CHANNELS = Set.of("SMS", "EMAIL", "LETTER", "VOICEMAIL");
  public static final Set<String> LANGUAGES = Set.of("en", "hi", "es");
  public static final Set<String> PLACEHOLDERS = Set.of("debtorName", "creditor", "accountRef", "balance",
      "dueDate", "collector", "collectorAddress", "collectorPhone", "optOut", "debtCollectorDisclosure",
      "validationEndDate", "itemizationDate", "itemization", "disputeForm", "spanishOffer");
  /** The validation notice's template key: what Model Form B-1 requires applies to it. */
  public static final String VALIDATION_NOTICE = "validation-notice";
  /** What a US validation notice must carry (12 CFR 1006.34(c), Model Form B-1). */
  private static final Map<String, String> NOTICE_PARTS = new java.util.LinkedHashMap<>(Map.of(
      // the table states its date ("As of <date>, you owed"): {itemizationDate} may be used beside it, not instead
      "itemization", "the itemization date and the itemization of the debt since it (12 CFR 1006.34(c)(2)(vi)-(viii))",
      "validationEndDate", "the end of the validation period (1006.34(c)(3))",
      "disputeForm", "the dispute and original-creditor prompts (1006.34(c)(4))"));
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  /** The words a limited-content message may not say, in the languages templates are written in. */
  private static final Pattern DEBT_WORDS = Pattern.compile("(?iu)debt|collect|deuda|cobr|कर्ज|ऋण|बकाया|वसूली");
  private static final Set<String> NOT_IN_VOICEMAIL = Set.of("creditor", "accountRef", "balance", "dueDate",
      "debtCollectorDisclosure", "validationEndDate", "itemizationDate", "itemization", "disputeForm", "spanishOffer");

  private TemplateRules() {}

  /** Every rule the template breaks, in words (empty: it may be saved), for any kind of message. */
  public static List<String> problems(String channel, String jurisdiction, String subject, String body) {
    return problems(null, channel, jurisdiction, null, subject, body);
  }

  /**
   * Every rule a template of this kind ({@code key}) and language breaks. The US validation notice goes by letter or
   * e-mail only (a text message cannot carry the form) and carries Model Form B-1's parts; in English, the offer of
   * the notice in Spanish (12 CFR 1006.34(d)(3)(vi)).
   */
  public static List<String> problems(String key, String channel, String jurisdiction, String language,
      String subject, String body) {
    List<String> problems = new ArrayList<>(generic(channel, jurisdiction, subject, body));
    String ch = channel.toUpperCase(Locale.ROOT);
    if (VALIDATION_NOTICE.equals(key) && "US".equalsIgnoreCase(jurisdiction)) {
      if (!ch.equals("LETTER") && !ch.equals("EMAIL")) {
        problems.add("the validation notice goes by letter or e-mail (12 CFR 1006.34, 1006.42): a " + ch
            + " cannot carry Model Form B-1");
        return problems;
      }
      List<String> used = placeholders(body);
      NOTICE_PARTS.forEach((part, what) -> {
        if (!used.contains(part)) {
          problems.add("a US validation notice needs " + what + ": {" + part + "}");
        }
      });
      if ("en".equalsIgnoreCase(language) && !used.contains("spanishOffer")) {
        problems.add("an English validation notice offers it in Spanish: {spanishOffer} (12 CFR 1006.34(d)(3)(vi))");
      }
    }
    return problems;
  }

  private static List<String> generic(String channel, String jurisdiction, String subject, String body) {
    List<String> problems = new ArrayList<>();
    String ch = channel.toUpperCase(Locale.ROOT);
    List<String> used = placeholders(body);
    List<String> inSubject = placeholders(subject == null ? "" : subject);
    for (String p : concat(used, inSubject)) {
      if (!PLACEHOLDERS.contains(p)) {
        problems.add("{" + p + "} is not a placeholder; the placeholders are " + PLACEHOLDERS.stream().sorted()
            .map(x -> "{" + x + "}").toList());
      }
    }
    String rest = (body + " " + (subject == null ? "" : subject)).replaceAll("\\{[A-Za-z]+}", "");
    if (rest.contains("{") || rest.contains("}")) {
      problems.add("a brace that is not part of a placeholder such as {creditor} (an unclosed or doubled one would"
          + " print as it is)");
    }
    if (ch.equals("VOICEMAIL")) {
      for (String p : used) {
        if (NOT_IN_VOICEMAIL.contains(p)) {
          problems.add("a voicemail is a limited-content message (12 CFR 1006.2(j)): it may not carry {" + p + "}");
        }
      }
      if (DEBT_WORDS.matcher(body.replaceAll("\\{[A-Za-z]+}", "")).find()) {
        problems.add("a voicemail is a limited-content message (12 CFR 1006.2(j)): it may not say what the call is"
            + " about (debt, collection)");
      }
      if (!used.contains("collectorPhone")) {
        problems.add("a voicemail asks for a call back: it needs {collectorPhone} (12 CFR 1006.2(j))");
      }
      return problems;
    }
    if (!used.contains("creditor")) {
      problems.add("the message must name the creditor: {creditor}");
    }
    if ("US".equalsIgnoreCase(jurisdiction) && !used.contains("debtCollectorDisclosure")) {
      problems.add("a US communication must say it is from a debt collector: {debtCollectorDisclosure}"
          + " (15 U.S.C. 1692e(11), 12 CFR 1006.18(e))");
    }
    if ((ch.equals("SMS") || ch.equals("EMAIL")) && !used.contains("optOut")) {
      problems.add("an electronic message needs a clear way to opt out: {optOut} (12 CFR 1006.6(e))");
    }
    if (ch.equals("LETTER") && subject != null && !subject.isBlank()
        && !subject.strip().equals("{collectorAddress}")) {
      problems.add("a letter's envelope shows nothing but the collector's address: {collectorAddress}"
          + " (15 U.S.C. 1692f(8), 12 CFR 1006.22(f)(2))");
    }
    if (ch.equals("EMAIL") && (subject == null || subject.isBlank())) {
      problems.add("an e-mail needs a subject");
    }
    return problems;
  }

  static List<String> placeholders(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
