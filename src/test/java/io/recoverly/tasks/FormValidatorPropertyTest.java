package io.recoverly.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every form of {@code forms/} against generated submissions: hostile values (control characters, 1e20, three
 * decimals, fractions for counts, far and malformed dates, lists and objects for scalars, unknown options) mixed with
 * valid ones. Whatever comes in, the validator either names the fields at fault, or what it lets through is what the
 * form declares: numbers the application can hold within min, max and decimalDigits, dates in years 1000-9999, text of
 * the right length without control characters, options from the list, no field the form does not have. The domain's
 * own rules (a promise within the balance, a date window) come after this, per capability.
 */
class FormValidatorPropertyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, JsonNode> FORMS = new LinkedHashMap<>();

  @BeforeContainer
  static void readForms() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("forms"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".form")).sorted().toList()) {
        JsonNode form = JSON.readTree(file.toFile());
        FORMS.put(form.path("id").asText(), form);
      }
    }
  }

  @Property(tries = 3000)
  void whatTheValidatorLetsThroughIsWhatTheFormDeclares(@ForAll("submissions") Submission submission) {
    JsonNode form = FORMS.get(submission.formId());
    List<Map<String, String>> errors = FormValidator.validate(form, submission.values());
    if (!errors.isEmpty()) {
      assertThat(errors).allSatisfy(e -> assertThat(e.get("field")).isNotBlank());
      return;
    }
    Map<String, Object> normalised = FormValidator.normalise(form, submission.values());
    Map<String, JsonNode> fields = fields(form);
    for (var entry : normalised.entrySet()) {
      JsonNode field = fields.get(entry.getKey());
      assertThat(field).as("a field of the form: " + entry.getKey()).isNotNull();
      Object value = entry.getValue();
      if (value == null) {
        continue;
      }
      JsonNode validate = field.path("validate");
      switch (field.path("type").asText()) {
        case "number" -> {
          assertThat(value).isInstanceOf(Number.class);
          BigDecimal number = new BigDecimal(value.toString());
          assertThat(number.precision() - number.scale()).isLessThanOrEqualTo(17);
          if (validate.has("min")) {
            assertThat(number).isGreaterThanOrEqualTo(validate.get("min").decimalValue());
          }
          if (validate.has("max")) {
            assertThat(number).isLessThanOrEqualTo(validate.get("max").decimalValue());
          }
          if (field.has("decimalDigits")) {
            assertThat(number.stripTrailingZeros().scale()).isLessThanOrEqualTo(field.get("decimalDigits").asInt());
          }
        }
        case "datetime" -> {
          assertThat(value).isInstanceOf(String.class);
          assertThat(LocalDate.parse((String) value).getYear()).isBetween(1000, 9999);
        }
        case "select", "radio" -> assertThat(options(field)).contains(value.toString());
        case "checkbox" -> assertThat(value).isInstanceOf(Boolean.class);
        default -> {
          assertThat(value).isInstanceOf(String.class);
          String text = (String) value;
          assertThat(text.chars()).noneMatch(c -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F);
          if (field.path("type").asText().equals("textfield")) {
            assertThat(text).doesNotContain("\n", "\r", "\t");
          }
          if (validate.has("maxLength")) {
            assertThat(text.length()).isLessThanOrEqualTo(validate.get("maxLength").asInt());
          }
        }
      }
    }
    // every required field that is shown has a value
    for (JsonNode field : fields.values()) {
      if (field.path("validate").path("required").asBoolean() && field.path("conditional").path("hide").isMissingNode()) {
        assertThat(normalised.get(field.path("key").asText())).as(field.path("key").asText()).isNotNull();
      }
    }
  }

  /** A generated submission of one form. */
  record Submission(String formId, Map<String, Object> values) {}

  @Provide
  Arbitrary<Submission> submissions() {
    return Arbitraries.of(List.copyOf(FORMS.keySet())).flatMap(id -> {
      JsonNode form = FORMS.get(id);
      List<Arbitrary<Map.Entry<String, Object>>> entries = new ArrayList<>();
      for (JsonNode field : fields(form).values()) {
        entries.add(valueFor(field).injectNull(0.25).map(v -> Map.entry(field.path("key").asText(), box(v))));
      }
      Arbitrary<Map.Entry<String, Object>> unknown = Arbitraries.of("strategy", "caseId", "balance", "x")
          .map(k -> Map.entry(k, (Object) "injected"));
      entries.add(unknown.injectNull(0.9).map(e -> e == null ? Map.entry("", (Object) NONE) : e));
      return Combinators.combine(entries).as(list -> {
        Map<String, Object> values = new LinkedHashMap<>();
        for (var entry : list) {
          if (entry.getValue() != NONE && !entry.getKey().isEmpty()) {
            values.put(entry.getKey(), entry.getValue() == NULL ? null : entry.getValue());
          }
        }
        return new Submission(id, values);
      });
    });
  }

  private static final Object NONE = new Object();
  private static final Object NULL = new Object();

  private static Object box(Object value) {
    return value == null ? NONE : value;
  }

  /** Values for one field: valid ones of its type, and hostile ones of every type. */
  private static Arbitrary<Object> valueFor(JsonNode field) {
    Arbitrary<Object> hostile = Arbitraries.oneOf(
        Arbitraries.of("a\u0000b", "line\nbreak", "\u001b[31m", "x".repeat(5000), "", "   ", "1e20", "-0", "abc",
            "+99999-01-01", "-5000-01-01", "2026-13-45", "1900-01-01", "999999.999", "2.5"),
        Arbitraries.of(new BigDecimal("1e20"), new BigDecimal("999999.999"), new BigDecimal("-5"), BigDecimal.ZERO,
            new BigDecimal("2.5"), new BigDecimal("0.001")).map(Object.class::cast),
        Arbitraries.of(List.of("x"), Map.of("a", 1), Boolean.TRUE, 42).map(Object.class::cast),
        Arbitraries.just(NULL));
    Arbitrary<Object> valid = switch (field.path("type").asText()) {
      case "number" -> Arbitraries.bigDecimals().between(new BigDecimal("-10"), new BigDecimal("100000"))
          .ofScale(field.path("decimalDigits").asInt(2)).map(Object.class::cast);
      case "datetime" -> Arbitraries.integers().between(-400, 400)
          .map(days -> (Object) LocalDate.of(2026, 12, 1).plusDays(days).toString());
      case "select", "radio" -> Arbitraries.of(List.copyOf(options(field))).map(Object.class::cast);
      case "checkbox" -> Arbitraries.of(true, false).map(Object.class::cast);
      default -> Arbitraries.strings().withCharRange(' ', '~').ofMinLength(0).ofMaxLength(80).map(Object.class::cast);
    };
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, valid), net.jqwik.api.Tuple.of(2, hostile));
  }

  private static Set<String> options(JsonNode field) {
    Set<String> options = new HashSet<>();
    field.path("values").forEach(v -> options.add(v.path("value").asText()));
    return options;
  }

  private static Map<String, JsonNode> fields(JsonNode form) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    collect(form.path("components"), fields);
    return fields;
  }

  private static void collect(JsonNode components, Map<String, JsonNode> fields) {
    for (JsonNode component : components) {
      if (component.has("components")) {
        collect(component.path("components"), fields);
      } else if (component.has("key")) {
        fields.put(component.get("key").asText(), component);
      }
    }
  }
}
