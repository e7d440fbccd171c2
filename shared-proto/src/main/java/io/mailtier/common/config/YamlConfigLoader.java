package io.mailtier.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Reads one YAML file into an immutable configuration record, once, at start.
 *
 * <p>Unknown keys are errors (a misspelt key must not be silently ignored). A numeric key that is
 * absent binds as 0, which the records read as "use the default". Validation lives in the records'
 * compact constructors; whatever they or the YAML parser reject is reported as a {@link
 * ConfigException} whose message names the file, the key path and the reason.
 */
public final class YamlConfigLoader {
  private final ObjectMapper mapper;

  public YamlConfigLoader() {
    SimpleModule durations = new SimpleModule("mailtier-durations");
    durations.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext ctxt)
              throws IOException {
            return Durations.parse(p.getValueAsString());
          }
        });
    this.mapper =
        new ObjectMapper(new YAMLFactory())
            .registerModule(durations)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }

  /** Loads the file at {@code path} as a {@code type}. */
  public <T> T load(Path path, Class<T> type) {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, type, path.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException(path + ": no such configuration file");
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Parses YAML text (used for embedded defaults and tests); {@code source} names it in errors. */
  public <T> T parse(String yaml, Class<T> type, String source) {
    try {
      return mapper.readValue(yaml, type);
    } catch (IOException e) {
      throw describe(e, source);
    }
  }

  private <T> T read(InputStream in, Class<T> type, String source) {
    try {
      T value = mapper.readValue(in, type);
      if (value == null) {
        throw new ConfigException(source + ": the file is empty");
      }
      return value;
    } catch (IOException e) {
      throw describe(e, source);
    }
  }

  private static ConfigException describe(IOException e, String source) {
    if (e instanceof JsonMappingException jme) {
      String key = keyPath(jme);
      String reason;
      if (jme instanceof UnrecognizedPropertyException upe) {
        reason = "unknown key '" + upe.getPropertyName() + "'";
        key = keyPath(jme);
      } else if (jme instanceof ValueInstantiationException vie && vie.getCause() != null) {
        reason = vie.getCause().getMessage();
      } else if (rootCause(jme) instanceof IllegalArgumentException iae) {
        reason = iae.getMessage();
      } else {
        reason = jme.getOriginalMessage();
      }
      return new ConfigException(
          source + ": " + (key.isEmpty() ? "" : "key '" + key + "': ") + reason, e);
    }
    return new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static String keyPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref ->
            ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }
}
