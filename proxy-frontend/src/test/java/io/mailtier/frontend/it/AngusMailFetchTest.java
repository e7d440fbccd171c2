package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Angus Mail reads MIME messages through the front-end the way applications do: getContent(),
 * MimeMultipart, getInputStream(). Angus asks for ENVELOPE and BODYSTRUCTURE, then fetches each
 * part with BODY[part]&lt;origin.size&gt; partials (a tiny fetch size forces many of them), and
 * decodes the transfer encodings itself.
 */
class AngusMailFetchTest {
  @TempDir static Path dir;
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(dir);
    cluster.resetAccounts();
    Store store = connect();
    try {
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      Session plain = Session.getInstance(new Properties());
      inbox.appendMessages(
          new Message[] {
            sample(plain, "alternative-with-attachment.eml"), sample(plain, "embedded-message.eml")
          });
    } finally {
      store.close();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static MimeMessage sample(Session session, String name) throws Exception {
    try (InputStream in = AngusMailFetchTest.class.getResourceAsStream("/messages/" + name)) {
      return new MimeMessage(session, Objects.requireNonNull(in, name));
    }
  }

  private static Store connect() throws Exception {
    Properties props = new Properties();
    props.put("mail.imap.host", "127.0.0.1");
    props.put("mail.imap.port", Integer.toString(cluster.imapPort()));
    props.put("mail.imap.connectiontimeout", "5000");
    props.put("mail.imap.timeout", "5000");
    props.put("mail.imap.fetchsize", "7"); // many BODY[part]<origin.7> partial fetches
    Store store = Session.getInstance(props).getStore("imap");
    store.connect("alice", "alice-secret");
    return store;
  }

  @Test
  void multipartAlternativeWithAttachmentShouldReadThroughTheMimeApi() throws Exception {
    Store store = connect();
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Message m = inbox.getMessage(1);

      // ENVELOPE
      assertThat(m.getSubject()).isEqualTo("Grüße aus Bukarest: și ț");
      InternetAddress from = (InternetAddress) m.getFrom()[0];
      assertThat(from.getPersonal()).isEqualTo("Fred Foobar");
      assertThat(from.getAddress()).isEqualTo("foobar@Blurdybloop.example");
      Address[] to = m.getRecipients(Message.RecipientType.TO);
      // "Team: ann@example.test, "Bob B" <bob@example.test>;" is one group of two
      assertThat(to).hasSize(2);
      assertThat(((InternetAddress) to[1]).isGroup()).isTrue();
      assertThat(((InternetAddress) to[1]).getGroup(false))
          .extracting(InternetAddress::getAddress)
          .containsExactly("ann@example.test", "bob@example.test");
      assertThat(m.getSize()).isEqualTo(1141);

      // BODYSTRUCTURE, then each part's bytes
      assertThat(m.isMimeType("multipart/mixed")).isTrue();
      MimeMultipart mixed = (MimeMultipart) m.getContent();
      assertThat(mixed.getCount()).isEqualTo(2);
      MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
      assertThat(alternative.getContentType()).startsWith("multipart/alternative");
      BodyPart text = alternative.getBodyPart(0);
      assertThat(text.isMimeType("text/plain")).isTrue();
      assertThat((String) text.getContent()).isEqualTo("Hello și salut\r\nsecond line");
      assertThat((String) alternative.getBodyPart(1).getContent()).isEqualTo("<p>Hello</p>");

      BodyPart attachment = mixed.getBodyPart(1);
      assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
      assertThat(attachment.getFileName()).isEqualTo("report.pdf");
      assertThat(attachment.getDescription()).isEqualTo("The report");
      assertThat(attachment.getSize()).isEqualTo(20);
      byte[] pdf;
      try (InputStream in = attachment.getInputStream()) {
        pdf = in.readAllBytes();
      }
      assertThat(pdf)
          .isEqualTo(
              new byte[] {
                '%',
                'P',
                'D',
                'F',
                '-',
                '1',
                '.',
                '4',
                '\n',
                '%',
                (byte) 0xc7,
                (byte) 0xec,
                (byte) 0x8f,
                (byte) 0xa2,
                '\n'
              });

      // reading the content (BODY[...] without PEEK) set \Seen
      inbox.close(false);
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessage(1).isSet(Flags.Flag.SEEN)).isTrue();
      inbox.close(false);
    } finally {
      store.close();
    }
  }

  @Test
  void embeddedMessageShouldReadAsANestedMessage() throws Exception {
    Store store = connect();
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      Message m = inbox.getMessage(2);
      MimeMultipart mixed = (MimeMultipart) m.getContent();
      assertThat((String) mixed.getBodyPart(0).getContent()).isEqualTo("see attached");
      BodyPart forwarded = mixed.getBodyPart(1);
      assertThat(forwarded.isMimeType("message/rfc822")).isTrue();
      MimeMessage inner = (MimeMessage) forwarded.getContent();
      assertThat(inner.getSubject()).isEqualTo("inner subject");
      assertThat(((InternetAddress) inner.getFrom()[0]).getAddress())
          .isEqualTo("inner@example.test");
      MimeMultipart innerParts = (MimeMultipart) inner.getContent();
      assertThat(innerParts.getCount()).isEqualTo(2);
      assertThat((String) innerParts.getBodyPart(1).getContent()).isEqualTo("second inner");
      try (InputStream in = innerParts.getBodyPart(0).getInputStream()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
            .isEqualTo("inner text");
      }
      // EXAMINE: reading did not set \Seen
      assertThat(m.isSet(Flags.Flag.SEEN)).isFalse();
      inbox.close(false);
    } finally {
      store.close();
    }
  }
}
