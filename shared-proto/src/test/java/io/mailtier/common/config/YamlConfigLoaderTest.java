package io.mailtier.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlConfigLoaderTest {
  record Listener(String address, Duration idleTimeout) {
    Listener {
      if (address == null || !address.contains(":")) {
        throw new IllegalArgumentException("address must be host:port, was " + address);
      }
    }
  }

  record Service(String name, List<Listener> listeners) {}

  private final YamlConfigLoader loader = new YamlConfigLoader();

  @Test
  void loadShouldBindNestedRecordsAndDurations(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("svc.yaml");
    Files.writeString(
        file,
        """
        name: imap
        listeners:
          - address: 127.0.0.1:1143
            idleTimeout: 30m
          - address: "[::1]:1143"
            idleTimeout: 500ms
        """);
    Service s = loader.load(file, Service.class);
    assertThat(s.name()).isEqualTo("imap");
    assertThat(s.listeners())
        .containsExactly(
            new Listener("127.0.0.1:1143", Duration.ofMinutes(30)),
            new Listener("[::1]:1143", Duration.ofMillis(500)));
  }

  @Test
  void unknownKeyShouldBeAnErrorNamingTheKey() {
    assertThatThrownBy(() ->
            loader.parse(
                "name: x\nlisteners:\n  - address: a:1\n    idleTimout: 1s\n",
                Service.class,
                "svc.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("svc.yaml")
        .hasMessageContaining("listeners[0]")
        .hasMessageContaining("unknown key 'idleTimout'");
  }

  @Test
  void invalidValueShouldNameTheKeyPathAndTheReason() {
    assertThatThrownBy(
            () -> loader.parse("listeners:\n  - address: nocolon\n", Service.class, "svc.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("listeners[0]")
        .hasMessageContaining("address must be host:port, was nocolon");
  }

  @Test
  void badDurationShouldSayHowToWriteOne() {
    assertThatThrownBy(() ->
            loader.parse(
                "listeners:\n  - address: a:1\n    idleTimeout: soon\n", Service.class, "svc.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("listeners[0].idleTimeout")
        .hasMessageContaining("'soon' is not a duration");
  }

  @Test
  void missingFileShouldBeReportedAsSuch(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"), Service.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no such configuration file");
  }

  @Test
  void brokenYamlShouldBeReportedWithTheSource() {
    assertThatThrownBy(() -> loader.parse("name: [unclosed\n", Service.class, "svc.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("svc.yaml: ");
  }

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "30s,PT30S", "1m,PT1M", "2h,PT2H", "1d,PT24H", "PT5S,PT5S"})
  void durationsShouldParseEverySpelling(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }
}
