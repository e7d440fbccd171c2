package io.mailtier.mailstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMailStorageTest implements MailStorageContract, MailStorageSearchContract {
  @TempDir Path dir;
  private SqliteMailStorage storage;

  @BeforeEach
  void open() throws IOException {
    storage = SqliteMailStorage.open(dir);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Override
  public MailStorage storage() {
    return storage;
  }

  @Test
  void contentShouldLiveInShardedBlobFileNamedByHash() {
    storage.provisionAccount(ALICE, "", null, 0, 0);
    append(ALICE, "INBOX", MailStorageContract.message("blob", 100));
    String id = storage.fetch(ALICE, "INBOX", UidSet.all(), 0, false).get(0).contentId();
    Path p = storage.contentPath(id);
    assertThat(p)
        .isEqualTo(
            dir.resolve("blobs")
                .resolve(id.substring(0, 2))
                .resolve(id.substring(2, 4))
                .resolve(id));
    assertThat(p).exists();
  }

  @Test
  void reopenShouldKeepDataAndRemoveOrphanBlobsAndSpools() throws IOException {
    storage.provisionAccount(ALICE, "", null, 0, 0);
    long uid = append(ALICE, "INBOX", MailStorageContract.message("kept", 100)).uid();
    Path orphan = dir.resolve("blobs/00/11/" + "0011" + "a".repeat(60));
    Files.createDirectories(orphan.getParent());
    Files.writeString(orphan, "half-stored");
    Path spool = dir.resolve("tmp/spool-left.eml");
    Files.writeString(spool, "partial");
    storage.close();

    storage = SqliteMailStorage.open(dir);
    assertThat(orphan).doesNotExist();
    assertThat(spool).doesNotExist();
    assertThat(storage.selectFolder(ALICE, "INBOX").uids()).containsExactly(uid);
    assertThat(append(ALICE, "INBOX", MailStorageContract.message("next", 100)).uid())
        .isGreaterThan(uid);
  }

  @Test
  void openShouldFailWhenDataDirectoryIsInUse() {
    assertThatThrownBy(() -> SqliteMailStorage.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void failedAppendShouldLeaveNoContentFileBehind() throws IOException {
    storage.provisionAccount(ALICE, "", null, 10, 0);
    assertThatThrownBy(() -> append(ALICE, "INBOX", new byte[50]))
        .isInstanceOf(StorageException.class);
    try (var files = Files.walk(dir.resolve("blobs"))) {
      assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
    }
    try (var files = Files.list(dir.resolve("tmp"))) {
      assertThat(files.toList()).isEmpty();
    }
    assertThat(storage.listFolders(ALICE)).hasSize(5);
    assertThat(storage.fetch(ALICE, "INBOX", UidSet.all(), 0, false)).isEqualTo(List.of());
    assertThat(Set.of()).isEmpty();
  }
}
