package io.mailtier.mailstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.common.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailstoreConfigTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path p = dir.resolve("mailstore.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void loadShouldApplyDefaults() throws IOException {
    MailstoreConfig c =
        MailstoreConfig.load(
            write("nodeName: node-1\ngrpcAddress: 127.0.0.1:0\ndataDir: /var/lib/mailstore\n"));
    assertThat(c.nodeName()).isEqualTo("node-1");
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/mailstore"));
    assertThat(c.adminAddress()).isNull();
    assertThat(c.maxMessageBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(c.grpcThreads()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void loadShouldReadEveryKey() throws IOException {
    MailstoreConfig c =
        MailstoreConfig.load(
            write(
                "nodeName: n\ngrpcAddress: '[::1]:7000'\ndataDir: d\nadminAddress: 127.0.0.1:9000\n"
                    + "maxMessageBytes: 1000\ngrpcThreads: 3\n"));
    assertThat(c.adminAddress()).isEqualTo("127.0.0.1:9000");
    assertThat(c.maxMessageBytes()).isEqualTo(1000);
    assertThat(c.grpcThreads()).isEqualTo(3);
  }

  @Test
  void loadShouldNameTheKeyWhenAddressIsBad() throws IOException {
    Path p = write("nodeName: n\ngrpcAddress: localhost\ndataDir: d\n");
    assertThatThrownBy(() -> MailstoreConfig.load(p))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("grpcAddress");
    Path q = write("nodeName: n\ngrpcAddress: h:1\ndataDir: d\nadminAddress: h:99999\n");
    assertThatThrownBy(() -> MailstoreConfig.load(q))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("adminAddress");
  }

  @Test
  void loadShouldNameAnUnknownKey() throws IOException {
    Path p = write("nodeName: n\ngrpcAddress: h:1\ndataDir: d\ngrpcPort: 5\n");
    assertThatThrownBy(() -> MailstoreConfig.load(p))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("grpcPort");
  }

  @Test
  void loadShouldFailWhenRequiredKeyMissing() throws IOException {
    Path p = write("grpcAddress: h:1\ndataDir: d\n");
    assertThatThrownBy(() -> MailstoreConfig.load(p))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nodeName");
  }
}
