package io.mailtier.frontend.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestCluster} for all tests of a class, in a temporary directory of its own:
 * {@code @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();}.
 */
final class ClusterExtension implements BeforeAllCallback, AfterAllCallback {
  /** Starts a cluster in a directory. */
  @FunctionalInterface
  interface Starter {
    TestCluster start(Path dir) throws Exception;
  }

  private final Starter starter;
  private Path dir;
  private TestCluster cluster;

  /** The default test cluster ({@link TestCluster#start(Path)}). */
  ClusterExtension() {
    this(TestCluster::start);
  }

  ClusterExtension(Starter starter) {
    this.starter = starter;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("mailtier-it-");
    cluster = starter.start(dir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  TestCluster get() {
    return cluster;
  }

  /** The cluster's temporary directory. */
  Path dir() {
    return dir;
  }
}
