package io.recoverly.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.feel.api.EvaluationResult;
import io.recoverly.web.InputHygiene;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;

/**
 * Server-side validation of a form submission against its Camunda Form (form-js schema), the same rules form-js
 * applies in the browser: required fields, number ranges, text lengths and patterns, select/radio options, dates.
 * Fields hidden by their {@code conditional.hide} FEEL expression are not required and must not be submitted.
 * Variables that are not fields of the form are refused: a form cannot write arbitrary process variables.
 */
final class FormValidator {

  private static final FeelEngineApi FEEL = FeelEngineBuilder.forJava().build();
  private static final int MAX_PARSED = 1_000;
  private static final Map<String, ParseResult> PARSED = new ConcurrentHashMap<>();

  private FormValidator() {}

  /** @return one {field, message} entry per problem; empty when the submission is valid */
  static List<Map<String, String>> validate(JsonNode form, Map<String, Object> submitted) {
    List<Map<String, String>> errors = new ArrayList<>();
    Set<String> known = new HashSet<>();
    visit(form.path("components"), submitted, errors, known);
    for (String key : submitted.keySet()) {
      if (!known.contains(key)) {
        errors.add(error(key, "is not a field of form " + form.path("id").asText()));
      }
    }
    return errors;
  }

  /**
   * The submission with each value in the type its field declares, as form-js would submit it: numbers as numbers
   * (an API client may send "460.00"), so that decisions and expressions downstream compute with them. Call after
   * {@link #validate} found nothing.
   */
  static Map<String, Object> normalise(JsonNode form, Map<String, Object> submitted) {
    Map<String, Object> normalised = new LinkedHashMap<>(submitted);
    normaliseValues(form.path("components"), normalised);
    return normalised;
  }

  private static void normaliseValues(JsonNode components, Map<String, Object> values) {
    for (JsonNode component : components) {
      if (component.has("components")) {
        normaliseValues(component.path("components"), values);
      } else if (component.has("key")) {
        String key = component.get("key").asText();
        Object value = values.get(key);
        String type = component.path("type").asText();
        if (value instanceof String text && text.isBlank() && !type.equals("textfield") && !type.equals("textarea")) {
          // an empty number, date or choice is no value (the validator treated it as missing): the process does not
          // get "" where it computes with a number or a date (found by FormValidatorPropertyTest)
          values.remove(key);
        } else if (type.equals("number") && value != null && !(value instanceof Number)) {
          values.put(key, new BigDecimal(value.toString().strip()));
        }
      }
    }
  }

  private static void visit(JsonNode components, Map<String, Object> submitted, List<Map<String, String>> errors,
      Set<String> known) {
    for (JsonNode component : components) {
      if (component.has("components")) {
        if (!hidden(component, submitted)) {
          visit(component.path("components"), submitted, errors, known);
        }
        continue;
      }
      String key = component.path("key").asText(null);
      if (key == null) {
        continue;
      }
      Object value = submitted.get(key);
      boolean missing = value == null || (value instanceof String s && s.isBlank());
      if (hidden(component, submitted)) {
        if (!missing) {
          errors.add(error(key, "is hidden for this submission and must be left empty"));
        }
        known.add(key);
        continue;
      }
      known.add(key);
      JsonNode validate = component.path("validate");
      if (missing) {
        if (validate.path("required").asBoolean(false)) {
          errors.add(error(key, "required"));
        }
        continue;
      }
      check(component, key, value, validate, errors);
    }
  }

  private static void check(JsonNode component, String key, Object value, JsonNode validate,
      List<Map<String, String>> errors) {
    if (value instanceof Map<?, ?> || value instanceof java.util.Collection<?> || value.getClass().isArray()) {
      errors.add(error(key, "must be a single value, not a list or an object"));
      return;
    }
    switch (component.path("type").asText()) {
      case "number" -> {
        if (!(value instanceof Number) && !(value instanceof String)) {
          errors.add(error(key, "must be a number"));
          return;
        }
        BigDecimal number;
        try {
          number = value instanceof BigDecimal d ? d : new BigDecimal(value.toString().strip());
        } catch (NumberFormatException e) {
          errors.add(error(key, "must be a number"));
          return;
        }
        var problem = InputHygiene.numberProblem(number);
        if (problem.isPresent()) {
          errors.add(error(key, problem.get()));
          return;
        }
        // decimalDigits is the form's own precision: 0 for counts, 2 for amounts
        if (component.has("decimalDigits")
            && number.stripTrailingZeros().scale() > Math.max(0, component.get("decimalDigits").asInt())) {
          int digits = component.get("decimalDigits").asInt();
          errors.add(error(key, digits <= 0 ? "must be a whole number"
              : "must have at most " + digits + " decimal places"));
        }
        if (validate.has("min") && number.compareTo(validate.get("min").decimalValue()) < 0) {
          errors.add(error(key, "must be at least " + validate.get("min").asText()));
        }
        if (validate.has("max") && number.compareTo(validate.get("max").decimalValue()) > 0) {
          errors.add(error(key, "must be at most " + validate.get("max").asText()));
        }
      }
      case "select", "radio" -> {
        Set<String> options = new HashSet<>();
        component.path("values").forEach(v -> options.add(v.path("value").asText()));
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)
            || (!options.isEmpty() && !options.contains(value.toString()))) {
          errors.add(error(key, "must be one of " + options.stream().sorted().toList()));
        }
      }
      case "datetime" -> {
        if ("date".equals(component.path("subtype").asText())) {
          LocalDate date;
          try {
            date = value instanceof String text ? LocalDate.parse(text) : null;
          } catch (DateTimeParseException e) {
            date = null;
          }
          if (date == null) {
            errors.add(error(key, "must be a date YYYY-MM-DD"));
          } else {
            InputHygiene.dateProblem(date).ifPresent(p -> errors.add(error(key, p)));
          }
        }
      }
      case "checkbox" -> {
        if (!(value instanceof Boolean)) {
          errors.add(error(key, "must be true or false"));
        }
      }
      default -> {
        if (!(value instanceof String text)) {
          errors.add(error(key, "must be text"));
          return;
        }
        // a one-line field is one line: its value ends up in identifiers, summaries and log lines
        var problem = "textfield".equals(component.path("type").asText()) ? InputHygiene.lineProblem(text)
            : InputHygiene.textProblem(text);
        if (problem.isPresent()) {
          errors.add(error(key, problem.get()));
          return;
        }
        if (validate.has("minLength") && InputHygiene.visibleLength(text) < validate.get("minLength").asInt()) {
          errors.add(error(key, "must have at least " + validate.get("minLength").asInt() + " letters or digits"));
        }
        if (validate.has("maxLength") && text.length() > validate.get("maxLength").asInt()) {
          errors.add(error(key, "must have at most " + validate.get("maxLength").asInt() + " characters"));
        }
        if (validate.has("pattern") && !text.matches(validate.get("pattern").asText())) {
          errors.add(error(key, "does not match the expected format"));
        }
      }
    }
  }

  /**
   * The fields of a form that hold personal data, by the kind the form declares in the field's custom properties
   * ({@code "properties": {"pii": "phone"}}; kinds phone, email, address): masked wherever the submission is shown.
   */
  static Map<String, String> personalDataFields(JsonNode form) {
    Map<String, String> fields = new LinkedHashMap<>();
    collectPersonalData(form.path("components"), fields);
    return fields;
  }

  private static void collectPersonalData(JsonNode components, Map<String, String> fields) {
    for (JsonNode component : components) {
      if (component.has("components")) {
        collectPersonalData(component.path("components"), fields);
      } else if (component.has("key") && component.path("properties").hasNonNull("pii")) {
        fields.put(component.get("key").asText(), component.path("properties").path("pii").asText());
      }
    }
  }

  private static boolean hidden(JsonNode component, Map<String, Object> submitted) {
    String expression = component.path("conditional").path("hide").asText(null);
    if (expression == null || expression.isBlank()) {
      return false;
    }
    String feel = expression.startsWith("=") ? expression.substring(1) : expression;
    // parsed once per expression: a form's few expressions are evaluated on every submission
    ParseResult parsed = PARSED.computeIfAbsent(feel, FEEL::parseExpression);
    if (PARSED.size() > MAX_PARSED) {
      PARSED.clear(); // forms are versioned, so expressions only accumulate: start over rather than grow
    }
    if (!parsed.isSuccess()) {
      return false;
    }
    EvaluationResult result = FEEL.evaluate(parsed.parsedExpression(), new LinkedHashMap<>(submitted));
    return result.isSuccess() && Boolean.TRUE.equals(result.result());
  }

  private static Map<String, String> error(String field, String message) {
    return Map.of("field", field, "message", message);
  }
}
