package io.recoverly.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.MappingJsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Optional;

/**
 * The JSON factory of request bodies: every parser it makes applies {@link InputHygiene} to each field name, text and
 * number as it is read, so that no deserializer, map or form submission ever sees what the application cannot hold.
 * A refusal is an {@link InputRefused} naming the field (a JSON path such as {@code variables.callNotes}).
 */
final class GuardedJsonFactory extends MappingJsonFactory {

  GuardedJsonFactory() {}

  private GuardedJsonFactory(GuardedJsonFactory source, ObjectMapper codec) {
    super(source, codec);
  }

  @Override
  public GuardedJsonFactory copy() {
    return new GuardedJsonFactory(this, null);
  }

  @Override
  protected JsonParser _createParser(InputStream in, IOContext context) throws IOException {
    return new Guarded(super._createParser(in, context));
  }

  @Override
  protected JsonParser _createParser(Reader reader, IOContext context) throws IOException {
    return new Guarded(super._createParser(reader, context));
  }

  @Override
  protected JsonParser _createParser(char[] data, int offset, int length, IOContext context, boolean recyclable)
      throws IOException {
    return new Guarded(super._createParser(data, offset, length, context, recyclable));
  }

  @Override
  protected JsonParser _createParser(byte[] data, int offset, int length, IOContext context) throws IOException {
    return new Guarded(super._createParser(data, offset, length, context));
  }

  @Override
  protected JsonParser _createParser(DataInput input, IOContext context) throws IOException {
    return new Guarded(super._createParser(input, context));
  }

  /** A refused value in a request body. */
  static final class InputRefused extends StreamReadException {
    private final String field;
    private final String problem;

    InputRefused(JsonParser parser, String field, String problem) {
      super(parser, (field.isEmpty() ? "the body" : field) + " " + problem);
      this.field = field;
      this.problem = problem;
    }

    String field() {
      return field;
    }

    String problem() {
      return problem;
    }

    @Override
    public InputRefused withParser(JsonParser parser) {
      _processor = parser;
      return this;
    }

    @Override
    public InputRefused withRequestPayload(com.fasterxml.jackson.core.util.RequestPayload payload) {
      _requestPayload = payload;
      return this;
    }
  }

  /** Checks each token as the deserializers take it; the "next…" shortcuts go through {@link #nextToken}. */
  private static final class Guarded extends JsonParserDelegate {

    Guarded(JsonParser delegate) {
      super(delegate);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken token = delegate.nextToken();
      if (token == JsonToken.FIELD_NAME) {
        refuse(InputHygiene.lineProblem(delegate.currentName()));
      } else if (token == JsonToken.VALUE_STRING) {
        refuse(InputHygiene.textProblem(delegate.getText()));
      } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        refuse(InputHygiene.numberProblem(delegate.getText()));
      }
      return token;
    }

    private void refuse(Optional<String> problem) throws InputRefused {
      if (problem.isPresent()) {
        throw new InputRefused(this, field(), problem.get());
      }
    }

    /** The current position as a path: {@code variables.callNotes}, {@code roles[0]}. */
    private String field() {
      JsonPointer pointer = delegate.getParsingContext().pathAsPointer();
      StringBuilder path = new StringBuilder();
      for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
        if (p.mayMatchElement() && p.getMatchingProperty().chars().allMatch(Character::isDigit)) {
          path.append('[').append(p.getMatchingIndex()).append(']');
        } else {
          path.append(path.isEmpty() ? "" : ".").append(InputHygiene.printable(p.getMatchingProperty()));
        }
      }
      return path.toString();
    }

    @Override
    public JsonToken nextValue() throws IOException {
      JsonToken token = nextToken();
      return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    @Override
    public String nextFieldName() throws IOException {
      return nextToken() == JsonToken.FIELD_NAME ? delegate.currentName() : null;
    }

    @Override
    public boolean nextFieldName(SerializableString name) throws IOException {
      return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(delegate.currentName());
    }

    @Override
    public String nextTextValue() throws IOException {
      return nextToken() == JsonToken.VALUE_STRING ? delegate.getText() : null;
    }

    @Override
    public int nextIntValue(int defaultValue) throws IOException {
      return nextToken() == JsonToken.VALUE_NUMBER_INT ? delegate.getIntValue() : defaultValue;
    }

    @Override
    public long nextLongValue(long defaultValue) throws IOException {
      return nextToken() == JsonToken.VALUE_NUMBER_INT ? delegate.getLongValue() : defaultValue;
    }

    @Override
    public Boolean nextBooleanValue() throws IOException {
      JsonToken token = nextToken();
      return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }
  }
}
