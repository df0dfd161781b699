package io.recoverly.compliance;

import io.recoverly.security.CurrentActor;
import io.recoverly.web.InputHygiene;
import io.recoverly.web.Problems;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The words of every message to a debtor: templates per kind (payment-reminder, validation-notice, voicemail), channel,
 * jurisdiction and language, edited by compliance, each save a new version (who, when, why; audited), checked by
 * {@link TemplateRules} before it is kept, and rendered with a case's data in the debtor's locale (amounts and dates as
 * the debtor writes them: {@code ₹1,23,456.00} in India).
 */
@Service
public class MessageTemplates {

  public static final Pattern KEY = Pattern.compile("[a-z][a-z-]{1,63}");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  private static final Map<String, String> DISCLOSURE = Map.of(
      "en", "This is a communication from a debt collector.",
      "es", "Esta es una comunicación de un cobrador de deudas.",
      "hi", "यह एक ऋण वसूली एजेंसी का संदेश है।");
  private static final Map<String, String> SMS_OPT_OUT = Map.of(
      "en", "Reply STOP to opt out.",
      "es", "Responda STOP para no recibir más mensajes.",
      "hi", "संदेश बंद करने के लिए STOP लिखकर भेजें।");
  private static final Map<String, String> EMAIL_OPT_OUT = Map.of(
      "en", "To stop e-mails from us, unsubscribe: %s",
      "es", "Para no recibir más correos, cancele la suscripción: %s",
      "hi", "ईमेल बंद करने के लिए: %s");

  /** Model Form B-1's offer of the notice in Spanish, in Spanish (12 CFR 1006.34(d)(3)(vi)). */
  static final String SPANISH_OFFER = "Póngase en contacto con nosotros para solicitar una copia de este formulario en"
      + " español.";
  /** Model Form B-1's response form: the dispute and original-creditor prompts. %1$s the collector, %2$s its address. */
  private static final Map<String, String> DISPUTE_FORM = Map.of(
      "en", """
          ## How do you want to respond?
          Mail this form to: %1$s, %2$s
          Check all that apply:
          [ ] I want to dispute the debt because I think:
          [ ] This is not my debt.
          [ ] The amount is wrong.
          [ ] Other (please describe on reverse or attach additional information).
          [ ] I want you to send me the name and address of the original creditor.
          [ ] I enclosed this amount: ____________""",
      "es", """
          ## ¿Cómo desea responder?
          Envíe este formulario por correo a: %1$s, %2$s
          Marque todas las opciones que correspondan:
          [ ] Quiero disputar la deuda porque creo que:
          [ ] Esta no es mi deuda.
          [ ] La cantidad es incorrecta.
          [ ] Otro (describa al dorso o adjunte información adicional).
          [ ] Quiero que me envíen el nombre y la dirección del acreedor original.
          [ ] Adjunto esta cantidad: ____________""");
  /** The itemization table's rows: as of the date, between then and today, interest, fees, payments, now. */
  private static final Map<String, List<String>> ITEMIZATION_ROWS = Map.of(
      "en", List.of("As of %s, you owed:", "Between %s and today:", "You were charged this amount in interest:",
          "You were charged this amount in fees:", "You paid or were credited this amount toward the debt:",
          "Total amount of the debt now:"),
      "es", List.of("Al %s, usted debía:", "Entre el %s y hoy:", "Se le cobró esta cantidad en intereses:",
          "Se le cobró esta cantidad en cargos:", "Usted pagó o se le acreditó esta cantidad a la deuda:",
          "Cantidad total de la deuda ahora:"));

  private final JdbcClient jdbc;
  private final Clock clock;
  private final AuditTrail audit;
  private final CurrentActor current;
  private final String collector;
  private final String collectorAddress;
  private final String collectorPhone;
  private final String unsubscribeUrl;
  private final org.springframework.core.env.Environment env;
  private final UnsubscribeLinks unsubscribe;

  MessageTemplates(JdbcClient jdbc, Clock clock, AuditTrail audit, CurrentActor current,
      org.springframework.core.env.Environment env, UnsubscribeLinks unsubscribe,
      @Value("${recoverly.collector.name:Recoverly}") String collector,
      @Value("${recoverly.collector.address:PO Box 1000, Springfield, IL 62701}") String collectorAddress,
      @Value("${recoverly.collector.phone:+1 800 555 0100}") String collectorPhone,
      @Value("${recoverly.collector.unsubscribe-url:http://localhost:8080/api/unsubscribe}") String unsubscribeUrl) {
    this.jdbc = jdbc;
    this.env = env;
    this.unsubscribe = unsubscribe;
    this.clock = clock;
    this.audit = audit;
    this.current = current;
    this.collector = collector;
    this.collectorAddress = collectorAddress;
    this.collectorPhone = collectorPhone;
    this.unsubscribeUrl = unsubscribeUrl;
  }

  /** One version of a template. {@code subject}: an e-mail's subject, a letter's envelope; null otherwise. */
  public record Template(String key, String channel, String jurisdiction, String language, int version,
      String subject, String body, String changeNote, String updatedBy, Instant updatedAt) {}

  /** A message as it goes out. */
  public record Rendered(String subject, String body, String language, int version) {}

  /**
   * What a message is about.
   *
   * @param validationEndDate null in a validation notice: the date is set when the notice goes out
   *     ({@link #stampValidationEnd}), from the day it is sent
   * @param itemization the validation notice's itemization (null for other messages)
   */
  public record Values(java.util.UUID caseId, String debtorName, String creditor, String accountRef,
      BigDecimal balance, String currency, LocalDate dueDate, LocalDate validationEndDate, Itemization itemization) {

    public Values(java.util.UUID caseId, String debtorName, String creditor, String accountRef, BigDecimal balance,
        String currency, LocalDate dueDate, LocalDate validationEndDate) {
      this(caseId, debtorName, creditor, accountRef, balance, currency, dueDate, validationEndDate, null);
    }
  }

  /** Where a notice's validation end date goes until it is sent: the locale it is written in, in the mark. */
  private static final Pattern END_DATE_MARK = Pattern.compile("\\{validationEndDate@([A-Za-z-]{2,12})}");

  /**
   * The validation notice as it goes out: its period's end, which runs from the day it is sent, written in. Text with
   * no mark is returned as it is.
   */
  public static String stampValidationEnd(String text, LocalDate end) {
    if (text == null) {
      return null;
    }
    Matcher m = END_DATE_MARK.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(date(end, Locale.forLanguageTag(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The current version of every template. */
  public List<Template> current() {
    return jdbc.sql("""
            select distinct on (template_key, channel, jurisdiction, language) * from message_template
             order by template_key, channel, jurisdiction, language, version desc
            """).query((rs, n) -> template(rs)).list();
  }

  /** Every version of one template, newest first. */
  public List<Template> versions(String key, String channel, String jurisdiction, String language) {
    return jdbc.sql("""
            select * from message_template where template_key = :key and channel = :channel
               and jurisdiction = :jurisdiction and language = :language order by version desc
            """)
        .param("key", key).param("channel", channel).param("jurisdiction", jurisdiction).param("language", language)
        .query((rs, n) -> template(rs)).list();
  }

  /** Saves a new version; a 400 naming every rule it breaks. */
  @Transactional
  public Template save(String key, String channel, String jurisdiction, String language, String subject, String body,
      String changeNote) {
    String ch = channel == null ? "" : channel.toUpperCase(Locale.ROOT);
    String jur = jurisdiction == null ? "" : jurisdiction.toUpperCase(Locale.ROOT);
    String lang = language == null ? "" : language.toLowerCase(Locale.ROOT);
    if (key == null || !KEY.matcher(key).matches()) {
      throw invalid("key", "a template key is lower-case letters and hyphens, such as payment-reminder");
    }
    if (!TemplateRules.CHANNELS.contains(ch)) {
      throw invalid("channel", "one of " + TemplateRules.CHANNELS.stream().sorted().toList());
    }
    if (jdbc.sql("select count(*) from contact_policy where jurisdiction = :j").param("j", jur).query(Long.class)
        .single() == 0) {
      throw invalid("jurisdiction", "a jurisdiction with contact rules, such as US or IN");
    }
    if (!TemplateRules.LANGUAGES.contains(lang)) {
      throw invalid("language", "one of " + TemplateRules.LANGUAGES.stream().sorted().toList());
    }
    requireText(subject, body);
    if (changeNote == null || changeNote.isBlank() || changeNote.length() > 500) {
      throw invalid("changeNote", "say why the words change (1-500 characters): compliance reviews read it");
    }
    requireRules(key, ch, jur, lang, subject, body);
    List<Template> before = versions(key, ch, jur, lang);
    int version = before.isEmpty() ? 1 : before.getFirst().version() + 1;
    String by = current.find().map(a -> a.username()).orElse("system");
    Instant at = clock.instant();
    jdbc.sql("""
            insert into message_template (template_key, channel, jurisdiction, language, version, subject, body,
                                          change_note, updated_by, updated_at)
            values (:key, :channel, :jurisdiction, :language, :version, :subject, :body, :note, :by, :at)
            """)
        .param("key", key).param("channel", ch).param("jurisdiction", jur).param("language", lang)
        .param("version", version).param("subject", subject == null || subject.isBlank() ? null : subject.strip())
        .param("body", body.strip()).param("note", changeNote.strip()).param("by", by)
        .param("at", Timestamp.from(at)).update();
    Template saved = versions(key, ch, jur, lang).getFirst();
    audit.record("TEMPLATE_CHANGED", null, null, "Template " + key + " " + ch + " " + jur + " " + lang + " v" + version
        + ": " + changeNote.strip(), before.isEmpty() ? null : Map.of("subject", String.valueOf(before.getFirst()
        .subject()), "body", before.getFirst().body()), Map.of("subject", String.valueOf(saved.subject()), "body",
        saved.body()));
    return saved;
  }

  /** A template's subject and text as a save and a draft's preview take them: lengths, printable characters. */
  static void requireText(String subject, String body) {
    if (body == null || body.isBlank() || body.length() > 10_000) {
      throw invalid("body", "the message's text, 1-10,000 characters");
    }
    if (subject != null && subject.length() > 200) {
      throw invalid("subject", "at most 200 characters");
    }
    InputHygiene.textProblem(body).ifPresent(p -> {
      throw invalid("body", "the text " + p);
    });
    InputHygiene.lineProblem(subject).ifPresent(p -> {
      throw invalid("subject", "the subject " + p);
    });
  }

  /** A 400 naming every rule of {@link TemplateRules} the text breaks (a save, a draft's preview). */
  static void requireRules(String key, String channel, String jurisdiction, String language, String subject,
      String body) {
    List<String> problems = TemplateRules.problems(key, channel, jurisdiction, language, subject, body);
    if (!problems.isEmpty()) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Template refused", String.join("; ", problems)).field("body")
          .with("problems", problems).exception();
    }
  }

  /**
   * The message of a kind on a channel for a case, in the debtor's language when there is a template in it, else in
   * English; empty when no template exists for the jurisdiction and channel.
   */
  public Optional<Rendered> render(String key, String channel, String jurisdiction, String language, Values values) {
    String lang = language == null || !TemplateRules.LANGUAGES.contains(language) ? "en" : language;
    Optional<Template> template = latest(key, channel, jurisdiction, lang);
    if (template.isEmpty() && !lang.equals("en")) {
      template = latest(key, channel, jurisdiction, "en");
    }
    return template.map(t -> render(t, values));
  }

  Rendered render(Template t, Values v) {
    Locale locale = Locale.forLanguageTag(t.language() + "-" + t.jurisdiction());
    // amounts grouped as the country writes them: lakhs and crores in India whatever the language
    Locale numbers = t.jurisdiction().equals("IN") ? Locale.forLanguageTag("en-IN") : locale;
    Map<String, String> values = new HashMap<>();
    values.put("debtorName", v.debtorName());
    values.put("creditor", v.creditor());
    values.put("accountRef", v.accountRef());
    values.put("balance", v.balance() == null ? "" : money(v.balance(), v.currency(), numbers));
    values.put("dueDate", date(v.dueDate(), locale));
    values.put("validationEndDate", v.validationEndDate() == null && TemplateRules.VALIDATION_NOTICE.equals(t.key())
        ? "{validationEndDate@" + locale.toLanguageTag() + "}" : date(v.validationEndDate(), locale));
    Itemization item = v.itemization();
    values.put("itemizationDate", item == null ? "" : date(item.date(), locale));
    values.put("itemization", item == null ? "" : itemization(item, v.currency(), t.language(), locale, numbers));
    values.put("disputeForm", DISPUTE_FORM.getOrDefault(t.language(), DISPUTE_FORM.get("en"))
        .formatted(collector, collectorAddress));
    values.put("spanishOffer", SPANISH_OFFER);
    values.put("collector", collector);
    values.put("collectorAddress", collectorAddress);
    values.put("collectorPhone", env.getProperty("recoverly.collector.phone-" + t.jurisdiction().toLowerCase(Locale.ROOT),
        collectorPhone));
    values.put("debtCollectorDisclosure", DISCLOSURE.getOrDefault(t.language(), DISCLOSURE.get("en")));
    values.put("optOut", t.channel().equals("EMAIL")
        ? EMAIL_OPT_OUT.getOrDefault(t.language(), EMAIL_OPT_OUT.get("en")).formatted(v.caseId() == null
            ? unsubscribeUrl : unsubscribe.link(v.caseId()))
        : SMS_OPT_OUT.getOrDefault(t.language(), SMS_OPT_OUT.get("en")));
    return new Rendered(t.subject() == null ? null : fill(t.subject(), values), fill(t.body(), values), t.language(),
        t.version());
  }

  private Optional<Template> latest(String key, String channel, String jurisdiction, String language) {
    return jdbc.sql("""
            select * from message_template where template_key = :key and channel = :channel
               and jurisdiction = :jurisdiction and language = :language order by version desc limit 1
            """)
        .param("key", key).param("channel", channel).param("jurisdiction", jurisdiction).param("language", language)
        .query((rs, n) -> template(rs)).optional();
  }

  private static String fill(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString().replaceAll("[ \\t]{2,}", " ").strip();
  }

  /** An amount as the debtor writes it: {@code $1,234.56} in the US, {@code ₹1,23,456.00} in India. */
  static String money(BigDecimal amount, String currency, Locale locale) {
    Currency c = Currency.getInstance(currency);
    if ("IN".equals(locale.getCountry())) {
      // java.text groups by one size only; India writes the last three digits, then pairs (lakh, crore)
      BigDecimal scaled = amount.setScale(Math.max(0, c.getDefaultFractionDigits()), java.math.RoundingMode.HALF_UP);
      String plain = scaled.abs().toPlainString();
      int dot = plain.indexOf('.');
      String whole = dot < 0 ? plain : plain.substring(0, dot);
      StringBuilder grouped = new StringBuilder();
      int n = whole.length();
      for (int i = 0; i < n; i++) {
        grouped.append(whole.charAt(i));
        int left = n - 1 - i;
        if (left > 0 && (left == 3 || (left > 3 && (left - 3) % 2 == 0))) {
          grouped.append(',');
        }
      }
      String symbol = c.getSymbol(Locale.forLanguageTag("en-IN"));
      return (scaled.signum() < 0 ? "-" : "") + symbol + grouped + (dot < 0 ? "" : plain.substring(dot));
    }
    NumberFormat format = NumberFormat.getCurrencyInstance(locale);
    format.setCurrency(c);
    format.setMinimumFractionDigits(Math.max(0, c.getDefaultFractionDigits()));
    format.setMaximumFractionDigits(Math.max(0, c.getDefaultFractionDigits()));
    return format.format(amount);
  }

  /** The itemization as table rows ({@code | label | amount |}: a table in the PDF, aligned lines in an e-mail). */
  private static String itemization(Itemization item, String currency, String language, Locale locale,
      Locale numbers) {
    List<String> rows = ITEMIZATION_ROWS.getOrDefault(language, ITEMIZATION_ROWS.get("en"));
    String on = date(item.date(), locale);
    return String.join("\n",
        "| " + rows.get(0).formatted(on) + " | " + money(item.amountThen(), currency, numbers) + " |",
        "| " + rows.get(1).formatted(on) + " | |",
        "| " + rows.get(2) + " | + " + money(item.interest(), currency, numbers) + " |",
        "| " + rows.get(3) + " | + " + money(item.fees(), currency, numbers) + " |",
        "| " + rows.get(4) + " | – " + money(item.paymentsAndCredits(), currency, numbers) + " |",
        "| " + rows.get(5) + " | " + money(item.amountNow(), currency, numbers) + " |");
  }

  private static String date(LocalDate date, Locale locale) {
    return date == null ? "" : date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale));
  }

  private static Template template(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Template(rs.getString("template_key"), rs.getString("channel"), rs.getString("jurisdiction"),
        rs.getString("language"), rs.getInt("version"), rs.getString("subject"), rs.getString("body"),
        rs.getString("change_note"), rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
  }

  private static org.springframework.web.ErrorResponseException invalid(String field, String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid template", detail).field(field).exception();
  }
}
