package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEARCH from real clients: Angus Mail's {@code folder.search(SearchTerm)} and Python's imaplib,
 * with German, Romanian and Russian text each client encodes in its own way. The terms are chosen
 * so that only the server's matching finds them (ß = SS, comma-below = cedilla), which proves the
 * search ran on the node and not in the client's fallback.
 */
class SearchClientsTest {
  @TempDir static Path dir;
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static boolean pythonAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import imaplib").start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void angusMailSearchTermsShouldRunOnTheServer() throws Exception {
    cluster.resetAccounts();
    Properties props = new Properties();
    props.put("mail.imap.host", "127.0.0.1");
    props.put("mail.imap.port", Integer.toString(cluster.imapPort()));
    props.put("mail.imap.connectiontimeout", "5000");
    props.put("mail.imap.timeout", "10000");
    Session session = Session.getInstance(props);
    ByteArrayOutputStream protocol = new ByteArrayOutputStream();
    session.setDebugOut(new PrintStream(protocol, true, StandardCharsets.UTF_8));
    session.setDebug(true);
    Store store = session.getStore("imap");
    store.connect("alice", "alice-secret");
    try {
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.appendMessages(
          new Message[] {
            message(session, "Umzug in die Hauptstraße", "Die Wohnung ist groß.", "UTF-8"),
            message(session, "Ședință la București", "Vă aştept la şedinţă.", "ISO-8859-2"),
            message(session, "Привет из Москвы", "Съешь же ещё этих французских булок.", "KOI8-R")
          });
      inbox.open(Folder.READ_WRITE);
      inbox.getMessage(3).setFlag(Flags.Flag.FLAGGED, true);

      assertThat(numbers(inbox, new SubjectTerm("HAUPTSTRASSE"))).containsExactly(1);
      assertThat(numbers(inbox, new SubjectTerm("ŞEDINŢĂ"))).containsExactly(2);
      assertThat(numbers(inbox, new BodyTerm("ȘEDINȚĂ"))).containsExactly(2);
      assertThat(numbers(inbox, new BodyTerm("ФРАНЦУЗСКИХ"))).containsExactly(3);
      assertThat(
              numbers(
                  inbox,
                  new OrTerm(new SubjectTerm("москвы"), new FromStringTerm("nobody@example.test"))))
          .containsExactly(3);
      assertThat(
              numbers(
                  inbox,
                  new AndTerm(
                      new NotTerm(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true)),
                      new SubjectTerm("straße"))))
          .containsExactly(1);
      String wire = protocol.toString(StandardCharsets.UTF_8);
      assertThat(wire).contains("SEARCH CHARSET UTF-8 SUBJECT").contains("* SEARCH 2");
      inbox.close(false);
    } finally {
      store.close();
    }
  }

  @Test
  void imaplibSearchShouldWorkWithUtf8Literals() throws Exception {
    assumeTrue(pythonAvailable(), "python3 with imaplib is not installed");
    cluster.resetAccounts();
    Path script = dir.resolve("imaplib_search.py");
    try (var in =
        Objects.requireNonNull(getClass().getResourceAsStream("/clients/imaplib_search.py"))) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Process p =
        new ProcessBuilder("python3", script.toString(), Integer.toString(cluster.imapPort()))
            .redirectErrorStream(true)
            .start();
    boolean finished = p.waitFor(60, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      p.destroyForcibly();
    }
    assertThat(finished).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output)
        .contains(
            "login ok",
            "append ok",
            "search ok",
            "literal ok",
            "esearch ok",
            "badcharset ok",
            "done");
  }

  private static MimeMessage message(Session session, String subject, String body, String charset)
      throws Exception {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("bob@example.test"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.test"));
    m.setSubject(subject, "UTF-8");
    m.setText(body + "\r\n", charset);
    m.saveChanges();
    return m;
  }

  private static int[] numbers(Folder folder, SearchTerm term) throws Exception {
    return Arrays.stream(folder.search(term)).mapToInt(Message::getMessageNumber).toArray();
  }
}
