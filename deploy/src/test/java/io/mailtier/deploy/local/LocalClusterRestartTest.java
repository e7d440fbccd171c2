package io.mailtier.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailtier up} keeps mail and directory changes in its data directory across restarts. */
class LocalClusterRestartTest {
  @TempDir Path data;

  @Test
  void mailAndDirectoryChangesShouldSurviveARestart() throws Exception {
    LocalClusterOptions options =
        new LocalClusterOptions(data, "127.0.0.1", LocalClusterOptions.Ports.EPHEMERAL);
    try (LocalCluster first = LocalCluster.start(options)) {
      Session session = Session.getInstance(LocalClusterEndToEndTest.imapProperties());
      try (Store store = session.getStore("imap")) {
        store.connect("127.0.0.1", first.imapPort(), "carol@example.test", "demo");
        Folder inbox = store.getFolder("INBOX");
        MimeMessage message = new MimeMessage(session);
        message.setSubject("kept across restarts");
        message.setText("still here\r\n");
        message.saveChanges();
        inbox.appendMessages(new Message[] {message});
      }
      try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", first.ldapPort())) {
        ldap.bind(DemoDirectory.SERVICE_DN, DemoDirectory.SERVICE_PASSWORD);
        ldap.modify(
            "uid=carol,ou=people,dc=example,dc=test",
            new Modification(ModificationType.REPLACE, "userPassword", "changed"));
      }
    }
    assertThat(data.resolve("directory/directory.ldif")).exists();
    assertThat(Files.readString(data.resolve("directory/directory.ldif")))
        .doesNotContain("userPassword: changed");

    try (LocalCluster second = LocalCluster.start(options)) {
      Session session = Session.getInstance(LocalClusterEndToEndTest.imapProperties());
      try (Store store = session.getStore("imap")) {
        store.connect("127.0.0.1", second.imapPort(), "carol@example.test", "changed");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.getMessageCount()).isEqualTo(1);
        MimeMessage copy = LocalClusterEndToEndTest.readWhole(session, inbox.getMessage(1));
        assertThat(copy.getSubject()).isEqualTo("kept across restarts");
        inbox.close(false);
      }
    }
  }
}
