package io.recoverly.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.beans.PropertyEditorSupport;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Input hygiene at the HTTP boundary, in one place ({@link InputHygiene} has the rules):
 * <ul>
 *   <li>JSON request bodies are read by a strict copy of the application's mapper: every text, field name and number
 *       checked as it is read ({@link GuardedJsonFactory}); duplicate keys, trailing content after the value, nulls in
 *       arrays, fractions for integers and dates outside the years the application handles are refused;</li>
 *   <li>query, form and multipart parameters and file names: {@link RequestHygieneFilter};</li>
 *   <li>dates in query parameters ({@code ?from=-5000-01-01}): the binder's editor below;</li>
 *   <li>requests Tomcat refuses before the application sees them ({@code %2F}, {@code %00}, a malformed URL) and
 *       errors that reach the container: problem details too ({@link ProblemReportValve}, {@link ProblemErrorController}).</li>
 * </ul>
 * The application's own mapper (stored JSON, engine variables) stays lenient: only what comes in is checked.
 */
@Configuration
class WebInputConfiguration {

  /** The converter of JSON request and response bodies; it replaces Spring Boot's default one. */
  @Bean
  MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper application) {
    return new MappingJackson2HttpMessageConverter(strict(application));
  }

  /** A strict copy of the application's mapper for request bodies. */
  static ObjectMapper strict(ObjectMapper application) {
    ObjectMapper strict = application.copyWith(new GuardedJsonFactory());
    strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    strict.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    // numbers in untyped values (a form's variables) keep every digit they were sent with
    strict.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    // a number or a boolean where text is expected is the wrong type, not text ("true" as a reason, 5 as a name)
    var textual = strict.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual);
    textual.setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean,
        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
    textual.setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer,
        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
    textual.setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
    for (Class<?> type : List.of(List.class, Set.class, Collection.class, String[].class, Object[].class)) {
      strict.configOverride(type).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
    }
    SimpleModule years = new SimpleModule("recoverly-date-range");
    years.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
          JsonDeserializer<?> deserializer) {
        Class<?> type = description.getBeanClass();
        return type == LocalDate.class || type == LocalDateTime.class || type == Instant.class
            || type == OffsetDateTime.class || type == ZonedDateTime.class ? new YearRange(deserializer) : deserializer;
      }
    });
    strict.registerModule(years);
    return strict;
  }

  /** A date or time whose year the application cannot handle is refused like a malformed one. */
  private static final class YearRange extends DelegatingDeserializer {

    YearRange(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new YearRange(delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      Object value = super.deserialize(parser, context);
      Optional<String> problem = InputHygiene.dateProblem(dateOf(value));
      if (problem.isPresent()) {
        throw InvalidFormatException.from(parser, problem.get(), parser.getText(), handledType());
      }
      return value;
    }
  }

  static LocalDate dateOf(Object value) {
    return switch (value) {
      case LocalDate date -> date;
      case LocalDateTime time -> time.toLocalDate();
      case Instant instant -> instant.atOffset(ZoneOffset.UTC).toLocalDate();
      case OffsetDateTime time -> time.toLocalDate();
      case ZonedDateTime time -> time.toLocalDate();
      case null, default -> null;
    };
  }

  /** Dates in query parameters: ISO dates in the years the application handles. */
  @ControllerAdvice
  static class DateParameters {
    @InitBinder
    void dates(WebDataBinder binder) {
      binder.registerCustomEditor(LocalDate.class, new PropertyEditorSupport() {
        @Override
        public void setAsText(String text) {
          if (text == null || text.isBlank()) {
            setValue(null);
            return;
          }
          LocalDate date;
          try {
            date = LocalDate.parse(text.strip());
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date YYYY-MM-DD");
          }
          InputHygiene.dateProblem(date).ifPresent(p -> {
            throw new IllegalArgumentException("the date " + p);
          });
          setValue(date);
        }
      });
    }
  }

  /** Tomcat's own refusals (before any filter or servlet) are problem details, not its HTML page. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
    return factory -> factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
        host.setErrorReportValveClass(ProblemReportValve.class.getName());
        // Spring Boot adds Tomcat's own report valve (no server info) in a customizer of its own: the host then
        // starts with ours alone
        host.addLifecycleListener(event -> {
          if (org.apache.catalina.Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
            for (org.apache.catalina.Valve valve : host.getPipeline().getValves()) {
              if (valve instanceof org.apache.catalina.valves.ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                host.getPipeline().removeValve(valve);
              }
            }
          }
        });
      }
    });
  }
}
