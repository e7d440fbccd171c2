package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real IMAP client (Angus Mail, the Jakarta Mail implementation) against the front-end. */
class AngusMailClientTest {
  @TempDir static Path dir;
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(dir);
    cluster.resetAccounts();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static Store connect() throws Exception {
    Properties props = new Properties();
    props.put("mail.imap.host", "127.0.0.1");
    props.put("mail.imap.port", Integer.toString(cluster.imapPort()));
    props.put("mail.imap.connectiontimeout", "5000");
    props.put("mail.imap.timeout", "5000");
    Session session = Session.getInstance(props);
    Store store = session.getStore("imap");
    store.connect("alice", "alice-secret");
    return store;
  }

  @Test
  void clientShouldAppendReadFlagAndExpungeAMessage() throws Exception {
    Store store = connect();
    try {
      Session session = Session.getInstance(new Properties());
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress("bob@example.test"));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.test"));
      message.setSubject("Angus says hello");
      message.setText("Hello from a real client.\r\n", "UTF-8");
      message.saveChanges();
      ByteArrayOutputStream original = new ByteArrayOutputStream();
      message.writeTo(original);

      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      AppendUID[] uids = inbox.appendUIDMessages(new Message[] {message});
      assertThat(uids[0]).isNotNull();
      assertThat(uids[0].uid).isEqualTo(1);

      inbox.open(Folder.READ_WRITE);
      assertThat(inbox.getMessageCount()).isEqualTo(1);
      Message stored = inbox.getMessage(1);
      assertThat(stored.isSet(Flags.Flag.SEEN)).isFalse();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      stored.writeTo(read);
      assertThat(read.toString(StandardCharsets.UTF_8))
          .isEqualTo(original.toString(StandardCharsets.UTF_8));
      assertThat(inbox.getUID(stored)).isEqualTo(1);

      stored.setFlag(Flags.Flag.SEEN, true);
      assertThat(inbox.getMessage(1).isSet(Flags.Flag.SEEN)).isTrue();

      stored.setFlag(Flags.Flag.DELETED, true);
      Message[] expunged = inbox.expunge();
      assertThat(expunged).hasSize(1);
      assertThat(inbox.getMessageCount()).isZero();
      inbox.close(false);

      Folder[] folders = store.getDefaultFolder().list("*");
      assertThat(folders).extracting(Folder::getFullName).contains("INBOX", "Sent", "Trash");
    } finally {
      store.close();
    }
  }
}
