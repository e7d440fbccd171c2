package io.mailtier.mailstore.storage;

import io.mailtier.mailstore.mime.MimeStructureParser;
import io.mailtier.mailstore.search.SearchEngine;
import io.mailtier.mailstore.search.SearchLimits;
import io.mailtier.mailstore.search.SearchQuery;
import io.mailtier.mailstore.search.SearchResult;
import io.mailtier.mailstore.search.SearchSql;
import io.mailtier.mailstore.storage.StorageException.Reason;
import io.mailtier.proto.mailstore.v1.Envelope;
import io.mailtier.proto.mailstore.v1.MimePart;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MailStorage} on SQLite (WAL, synchronous=FULL) for metadata and content-addressed blob
 * files for message bytes. See docs/adr/0001-mailstore-storage.md.
 *
 * <p>Layout of the data directory: {@code mailstore.db} (+ {@code -wal}, {@code -shm}), {@code
 * blobs/ab/cd/<sha256>} (one file per distinct message content), {@code tmp/} (spools being
 * received) and {@code node.lock} (held while a node uses the directory).
 *
 * <p>Write order: spool fsync, atomic rename into {@code blobs/}, directory fsync, then the
 * metadata transaction. Content whose last reference goes away is deleted after the transaction
 * commits; a crash in between leaves an orphan file that the start-up pass removes.
 */
public final class SqliteMailStorage implements MailStorage {
  private static final Logger log = LoggerFactory.getLogger(SqliteMailStorage.class);
  private static final int READERS = 4;
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS node_state(key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
          """
          CREATE TABLE IF NOT EXISTS accounts(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            password_hash TEXT,
            enabled INTEGER NOT NULL,
            quota_bytes INTEGER NOT NULL,
            quota_messages INTEGER NOT NULL,
            bytes_used INTEGER NOT NULL DEFAULT 0,
            messages_used INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL)\
          """,
          """
          CREATE TABLE IF NOT EXISTS folders(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            special_use TEXT NOT NULL,
            subscribed INTEGER NOT NULL,
            uid_validity INTEGER NOT NULL,
            uid_next INTEGER NOT NULL,
            highest_modseq INTEGER NOT NULL,
            UNIQUE(account_id, name))\
          """,
          """
          CREATE TABLE IF NOT EXISTS messages(
            folder_id INTEGER NOT NULL,
            uid INTEGER NOT NULL,
            modseq INTEGER NOT NULL,
            flags TEXT NOT NULL,
            seen INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            internal_date INTEGER NOT NULL,
            size INTEGER NOT NULL,
            blob TEXT NOT NULL,
            PRIMARY KEY(folder_id, uid)) WITHOUT ROWID\
          """,
          """
          CREATE TABLE IF NOT EXISTS blobs(
            hash TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            refcount INTEGER NOT NULL) WITHOUT ROWID\
          """,
          """
          CREATE TABLE IF NOT EXISTS blob_structure(
            hash TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            envelope BLOB NOT NULL,
            structure BLOB NOT NULL) WITHOUT ROWID\
          """,
          """
          CREATE TABLE IF NOT EXISTS subscriptions(
            account_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY(account_id, name)) WITHOUT ROWID\
          """);

  /** The schema version this code writes; see {@link #migrate}. */
  private static final int SCHEMA_VERSION = 2;

  private static final Map<String, SpecialUse> DEFAULT_FOLDERS = defaultFolders();

  private final Path blobDir;
  private final Path tmpDir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Consumer<MailboxChange>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean open;

  private SqliteMailStorage(Path dataDir, FileChannel lockChannel, FileLock lock)
      throws SQLException {
    this.blobDir = dataDir.resolve("blobs");
    this.tmpDir = dataDir.resolve("tmp");
    this.lockChannel = lockChannel;
    this.lock = lock;
    String url = "jdbc:sqlite:" + dataDir.resolve("mailstore.db").toAbsolutePath();
    this.writer = DriverManager.getConnection(url);
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA busy_timeout=10000");
      for (String ddl : SCHEMA) {
        s.execute(ddl);
      }
      migrate(s);
    }
    writer.setAutoCommit(false);
    for (int i = 0; i < READERS; i++) {
      Connection r = DriverManager.getConnection(url);
      try (Statement s = r.createStatement()) {
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("PRAGMA query_only=true");
      }
      r.setAutoCommit(false);
      readers.add(r);
    }
    this.open = true;
  }

  /**
   * Brings an older store up to {@link #SCHEMA_VERSION}: version 1 kept subscriptions as a column
   * of existing folders only; version 2 keeps them in their own table (names need not exist).
   * Structures of content stored before version 2 are computed lazily, on first fetch.
   */
  private static void migrate(Statement s) throws SQLException {
    long version = 1;
    try (ResultSet rs =
        s.executeQuery("SELECT value FROM node_state WHERE key = 'schema_version'")) {
      if (rs.next()) {
        version = rs.getLong(1);
      }
    }
    if (version < 2) {
      s.execute(
          "INSERT OR IGNORE INTO subscriptions(account_id, name) SELECT account_id, name FROM"
              + " folders WHERE subscribed = 1");
    }
    s.execute(
        "INSERT INTO node_state(key, value) VALUES('schema_version', "
            + SCHEMA_VERSION
            + ") ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  }

  /**
   * Opens (creating if needed) the storage in {@code dataDir}, takes the directory's lock and
   * removes what an earlier crash may have left: spools and content files no message references.
   */
  public static SqliteMailStorage open(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Files.createDirectories(dataDir.resolve("blobs"));
    Files.createDirectories(dataDir.resolve("tmp"));
    FileChannel channel =
        FileChannel.open(
            dataDir.resolve("node.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("data directory " + dataDir + " is in use by another mailstore node");
    }
    SqliteMailStorage storage;
    try {
      storage = new SqliteMailStorage(dataDir, channel, lock);
    } catch (SQLException e) {
      lock.release();
      channel.close();
      throw new IOException("cannot open the database in " + dataDir + ": " + e.getMessage(), e);
    }
    try {
      storage.collectGarbage();
    } catch (IOException | RuntimeException e) {
      storage.close();
      throw e;
    }
    return storage;
  }

  // ------------------------------------------------------------------ accounts

  @Override
  public Account provisionAccount(
      String name, String displayName, String passwordHash, long quotaBytes, long quotaMessages) {
    String account = Names.account(name);
    String display = displayName == null ? "" : displayName;
    if (display.length() > 256) {
      throw new StorageException(Reason.INVALID_REQUEST, "display name longer than 256 characters");
    }
    if (quotaBytes < 0 || quotaMessages < 0) {
      throw new StorageException(Reason.INVALID_REQUEST, "negative quota");
    }
    return write(tx -> {
      if (findAccount(tx.c, account) != null) {
        throw new StorageException(Reason.ACCOUNT_EXISTS, "account " + account + " already exists");
      }
      long id;
      try (PreparedStatement ps =
          tx.c.prepareStatement(
              "INSERT INTO accounts(name, display_name, password_hash, enabled, quota_bytes,"
                  + " quota_messages, created_at) VALUES(?,?,?,1,?,?,?)")) {
        ps.setString(1, account);
        ps.setString(2, display);
        ps.setString(3, passwordHash);
        ps.setLong(4, quotaBytes);
        ps.setLong(5, quotaMessages);
        ps.setLong(6, System.currentTimeMillis());
        ps.executeUpdate();
      }
      id = lastId(tx.c);
      for (Map.Entry<String, SpecialUse> f : DEFAULT_FOLDERS.entrySet()) {
        insertFolder(tx.c, id, f.getKey(), f.getValue());
      }
      return findAccount(tx.c, account).account;
    });
  }

  @Override
  public Account getAccount(String name) {
    String account = Names.account(name);
    return read(c -> requireAccount(c, account).account);
  }

  @Override
  public List<Account> listAccounts(String after, int limit) {
    int n = Math.max(1, Math.min(limit, 1000));
    String from = after == null ? "" : after;
    return read(c -> {
      List<Account> out = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT * FROM accounts WHERE name > ? ORDER BY name LIMIT " + n)) {
        ps.setString(1, from);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(accountRow(rs).account);
          }
        }
      }
      return out;
    });
  }

  @Override
  public void deleteAccount(String name) {
    String account = Names.account(name);
    write(tx -> {
      AccountRow a = requireAccount(tx.c, account);
      List<Long> folderIds = new ArrayList<>();
      try (PreparedStatement ps =
          tx.c.prepareStatement("SELECT id FROM folders WHERE account_id = ?")) {
        ps.setLong(1, a.id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            folderIds.add(rs.getLong(1));
          }
        }
      }
      for (long folderId : folderIds) {
        releaseMessages(tx, folderId, null);
      }
      update(tx.c, "DELETE FROM folders WHERE account_id = ?", a.id);
      update(tx.c, "DELETE FROM subscriptions WHERE account_id = ?", a.id);
      update(tx.c, "DELETE FROM accounts WHERE id = ?", a.id);
      return null;
    });
  }

  @Override
  public Optional<Credentials> credentials(String name) {
    String account = Names.account(name);
    return read(c -> {
      AccountRow a = findAccount(c, account);
      return Optional.ofNullable(
          a == null ? null : new Credentials(account, a.passwordHash, a.account.enabled()));
    });
  }

  // ------------------------------------------------------------------- folders

  @Override
  public List<Folder> listFolders(String account) {
    String acc = Names.account(account);
    return read(c -> {
      AccountRow a = requireAccount(c, acc);
      List<FolderRow> rows = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT * FROM folders WHERE account_id = ?")) {
        ps.setLong(1, a.id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(folderRow(rs));
          }
        }
      }
      Set<String> subscribed = new HashSet<>(subscriptions(c, a.id));
      Set<String> parents = new HashSet<>();
      for (FolderRow r : rows) {
        for (String p = Names.parent(r.name); p != null; p = Names.parent(p)) {
          parents.add(p);
        }
      }
      return rows.stream()
          .sorted(
              Comparator.comparing((FolderRow r) -> !r.name.equals(INBOX))
                  .thenComparing(r -> r.name))
          .map(r ->
              new Folder(
                  r.name, r.specialUse, subscribed.contains(r.name), parents.contains(r.name)))
          .toList();
    });
  }

  @Override
  public Folder createFolder(String account, String name, SpecialUse specialUse) {
    String acc = Names.account(account);
    String folder = Names.folder(name);
    SpecialUse use = specialUse == null ? SpecialUse.NONE : specialUse;
    return write(tx -> {
      AccountRow a = requireAccount(tx.c, acc);
      if (findFolder(tx.c, a.id, folder) != null) {
        throw new StorageException(Reason.FOLDER_EXISTS, "folder " + folder + " exists");
      }
      createParents(tx.c, a.id, folder);
      insertFolder(tx.c, a.id, folder, use);
      return new Folder(folder, use, true, hasChildren(tx.c, a.id, folder));
    });
  }

  @Override
  public void renameFolder(String account, String from, String to) {
    String acc = Names.account(account);
    String source = Names.folder(from);
    String target = Names.folder(to);
    if (target.equals(INBOX) || target.equals(source)) {
      throw new StorageException(Reason.FOLDER_EXISTS, "folder " + target + " exists");
    }
    if (target.startsWith(source + DELIMITER)) {
      throw new StorageException(
          Reason.INVALID_FOLDER_NAME, "cannot rename " + source + " into itself: " + target);
    }
    write(tx -> {
      AccountRow a = requireAccount(tx.c, acc);
      FolderRow src = requireFolder(tx.c, a.id, source);
      if (findFolder(tx.c, a.id, target) != null) {
        throw new StorageException(Reason.FOLDER_EXISTS, "folder " + target + " exists");
      }
      if (source.equals(INBOX)) {
        moveInbox(tx, acc, a.id, src, target);
        return null;
      }
      List<String> names = new ArrayList<>();
      try (PreparedStatement ps =
          tx.c.prepareStatement(
              "SELECT name FROM folders WHERE account_id = ? AND (name = ? OR"
                  + " substr(name, 1, ?) = ?)")) {
        ps.setLong(1, a.id);
        ps.setString(2, source);
        ps.setInt(3, source.length() + 1);
        ps.setString(4, source + DELIMITER);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            names.add(rs.getString(1));
          }
        }
      }
      for (String old : names) {
        String renamed = target + old.substring(source.length());
        if (renamed.length() > Names.MAX_FOLDER_NAME) {
          throw new StorageException(
              Reason.INVALID_FOLDER_NAME, "the renamed child " + renamed + " is too long");
        }
        if (findFolder(tx.c, a.id, renamed) != null) {
          throw new StorageException(Reason.FOLDER_EXISTS, "folder " + renamed + " exists");
        }
      }
      try (PreparedStatement ps =
              tx.c.prepareStatement(
                  "UPDATE folders SET name = ? WHERE account_id = ? AND name = ?");
          PreparedStatement subs =
              tx.c.prepareStatement(
                  "UPDATE OR IGNORE subscriptions SET name = ? WHERE account_id = ? AND name = ?")) {
        for (String old : names) {
          for (PreparedStatement st : List.of(ps, subs)) {
            st.setString(1, target + old.substring(source.length()));
            st.setLong(2, a.id);
            st.setString(3, old);
            st.executeUpdate();
          }
          tx.changes.add(new MailboxChange.UidValidityChanged(acc, old, 0));
        }
      }
      createParents(tx.c, a.id, target);
      return null;
    });
  }

  /** RFC 9051 6.3.6: renaming INBOX moves its messages to a new folder; INBOX stays, empty. */
  private void moveInbox(Tx tx, String account, long accountId, FolderRow inbox, String target)
      throws SQLException {
    Connection c = tx.c;
    createParents(c, accountId, target);
    long targetId = insertFolder(c, accountId, target, SpecialUse.NONE);
    List<Long> uids = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT uid FROM messages WHERE folder_id = ? ORDER BY uid")) {
      ps.setLong(1, inbox.id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          uids.add(rs.getLong(1));
        }
      }
    }
    if (uids.isEmpty()) {
      return;
    }
    long uid = 1;
    long modseq = 2;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE messages SET folder_id = ?, uid = ?, modseq = ? WHERE folder_id = ? AND uid"
                + " = ?")) {
      for (long old : uids) {
        ps.setLong(1, targetId);
        ps.setLong(2, uid++);
        ps.setLong(3, modseq);
        ps.setLong(4, inbox.id);
        ps.setLong(5, old);
        ps.executeUpdate();
      }
    }
    update(
        c,
        "UPDATE folders SET uid_next = ?, highest_modseq = ? WHERE id = ?",
        uid,
        modseq,
        targetId);
    update(c, "UPDATE folders SET highest_modseq = highest_modseq + 1 WHERE id = ?", inbox.id);
    tx.changes.add(
        new MailboxChange.Expunged(account, INBOX, List.copyOf(uids), inbox.highestModseq + 1));
  }

  @Override
  public void deleteFolder(String account, String name) {
    String acc = Names.account(account);
    String folder = Names.folder(name);
    write(tx -> {
      AccountRow a = requireAccount(tx.c, acc);
      if (folder.equals(INBOX)) {
        throw new StorageException(Reason.FOLDER_NOT_DELETABLE, "INBOX cannot be deleted");
      }
      FolderRow f = requireFolder(tx.c, a.id, folder);
      releaseMessages(tx, f.id, null);
      update(tx.c, "DELETE FROM folders WHERE id = ?", f.id);
      tx.changes.add(new MailboxChange.UidValidityChanged(acc, folder, 0));
      return null;
    });
  }

  @Override
  public Selection selectFolder(String account, String folder) {
    String acc = Names.account(account);
    String name = Names.folder(folder);
    return read(c -> {
      AccountRow a = requireAccount(c, acc);
      FolderRow f = requireFolder(c, a.id, name);
      List<Long> uids = new ArrayList<>();
      Set<String> keywords = new TreeSet<>();
      long firstUnseen = 0;
      int unseen = 0;
      int deleted = 0;
      long size = 0;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT uid, flags, seen, deleted, size FROM messages WHERE folder_id = ?"
                  + " ORDER BY uid")) {
        ps.setLong(1, f.id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long uid = rs.getLong(1);
            uids.add(uid);
            for (String flag : parseFlags(rs.getString(2))) {
              if (!flag.startsWith("\\")) {
                keywords.add(flag);
              }
            }
            if (rs.getInt(3) == 0) {
              unseen++;
              if (firstUnseen == 0) {
                firstUnseen = uid;
              }
            }
            deleted += rs.getInt(4);
            size += rs.getLong(5);
          }
        }
      }
      List<String> flags = new ArrayList<>(SYSTEM_FLAGS);
      flags.addAll(keywords);
      FolderStatus status =
          new FolderStatus(
              f.uidValidity, f.uidNext, f.highestModseq, uids.size(), unseen, size, deleted);
      return new Selection(
          status, Collections.unmodifiableList(uids), flags, firstUnseen, f.specialUse);
    });
  }

  @Override
  public FolderStatus folderStatus(String account, String folder) {
    String acc = Names.account(account);
    String name = Names.folder(folder);
    return read(c -> {
      AccountRow a = requireAccount(c, acc);
      FolderRow f = requireFolder(c, a.id, name);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT count(*), coalesce(sum(1 - seen), 0), coalesce(sum(size), 0),"
                  + " coalesce(sum(deleted), 0) FROM messages WHERE folder_id = ?")) {
        ps.setLong(1, f.id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new FolderStatus(
              f.uidValidity,
              f.uidNext,
              f.highestModseq,
              rs.getInt(1),
              rs.getInt(2),
              rs.getLong(3),
              rs.getInt(4));
        }
      }
    });
  }

  // ------------------------------------------------------------------ messages

  @Override
  public MessageSpool newSpool() throws IOException {
    ensureOpen();
    return new MessageSpool(Files.createTempFile(tmpDir, "spool-", ".eml"));
  }

  @Override
  public AppendResult append(
      String account, String folder, Set<String> flags, Instant internalDate, MessageSpool spool) {
    try (spool) {
      String acc = Names.account(account);
      String name = Names.folder(folder);
      Set<String> canonical = Names.flags(flags == null ? Set.of() : flags);
      requireFinished(spool);
      long date = (internalDate == null ? Instant.now() : internalDate).toEpochMilli();
      MimeStructureParser.Result structure = parseContent(spool.file(), spool.size());
      return write(tx -> {
        AccountRow a = requireAccount(tx.c, acc);
        FolderRow f = requireFolder(tx.c, a.id, name);
        checkQuota(a, spool.size());
        placeBlob(tx, spool);
        long[] uidAndModseq = insertMessage(tx.c, a.id, f.id, canonical, date, spool);
        storeStructure(tx.c, spool.contentId(), structure);
        tx.changes.add(
            new MailboxChange.Exists(
                acc, f.name, List.of(uidAndModseq[0]), uidAndModseq[0] + 1, uidAndModseq[1]));
        return new AppendResult(f.uidValidity, uidAndModseq[0], uidAndModseq[1]);
      });
    }
  }

  @Override
  public List<StoredMessage> fetch(
      String account, String folder, UidSet uids, long expectedUidValidity, boolean setSeen) {
    String acc = Names.account(account);
    String name = Names.folder(folder);
    if (uids == null) {
      throw new StorageException(Reason.INVALID_REQUEST, "no UID set");
    }
    SqlWork<List<StoredMessage>> work =
        tx -> {
          AccountRow a = requireAccount(tx.c, acc);
          FolderRow f = requireFolder(tx.c, a.id, name);
          checkUidValidity(f, expectedUidValidity);
          List<StoredMessage> found = resolve(tx.c, f.id, uids);
          if (!setSeen) {
            return found;
          }
          List<StoredMessage> out = new ArrayList<>(found.size());
          long highest = f.highestModseq;
          for (StoredMessage m : found) {
            if (m.flags().contains("\\Seen")) {
              out.add(m);
              continue;
            }
            Set<String> changed = new TreeSet<>(m.flags());
            changed.add("\\Seen");
            highest++;
            updateFlags(tx.c, f.id, m.uid(), changed, highest);
            out.add(
                new StoredMessage(
                    m.uid(), changed, highest, m.internalDate(), m.size(), m.contentId()));
          }
          if (highest != f.highestModseq) {
            update(tx.c, "UPDATE folders SET highest_modseq = ? WHERE id = ?", highest, f.id);
            List<StoreResult.Updated> changed = new ArrayList<>();
            for (StoredMessage m : out) {
              if (m.modseq() > f.highestModseq) {
                changed.add(new StoreResult.Updated(m.uid(), m.flags(), m.modseq()));
              }
            }
            tx.changes.add(new MailboxChange.FlagsChanged(acc, f.name, changed, highest));
          }
          return out;
        };
    return setSeen ? write(work) : read(c -> work.run(new Tx(c)));
  }

  @Override
  public SearchResult search(
      String account,
      String folder,
      SearchQuery query,
      long expectedUidValidity,
      SearchLimits limits) {
    String acc = Names.account(account);
    String name = Names.folder(folder);
    SearchQuery q = query == null ? new SearchQuery.All() : query;
    SearchQuery.checkSize(q);
    long[] maxUid = {0};
    // the database part under a read transaction; the content is read after it is released
    List<StoredMessage> candidates =
        read(c -> {
          AccountRow a = requireAccount(c, acc);
          FolderRow f = requireFolder(c, a.id, name);
          checkUidValidity(f, expectedUidValidity);
          maxUid[0] = maxUid(c, f.id);
          SearchSql.Condition cond = SearchSql.compile(q, maxUid[0]);
          List<StoredMessage> rows = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT uid, flags, modseq, internal_date, size, blob FROM messages WHERE"
                      + " folder_id = ? AND ("
                      + cond.sql()
                      + ") ORDER BY uid")) {
            ps.setLong(1, f.id);
            for (int i = 0; i < cond.parameters().size(); i++) {
              ps.setObject(i + 2, cond.parameters().get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows.add(
                    new StoredMessage(
                        rs.getLong(1),
                        Collections.unmodifiableSet(parseFlags(rs.getString(2))),
                        rs.getLong(3),
                        Instant.ofEpochMilli(rs.getLong(4)),
                        rs.getLong(5),
                        rs.getString(6)));
              }
            }
          }
          return rows;
        });
    return new SearchEngine(q, maxUid[0])
        .run(candidates, limits, m -> Channels.newInputStream(openContent(m)));
  }

  @Override
  public SeekableByteChannel openContent(StoredMessage message) throws IOException {
    String hash = message.contentId();
    if (hash == null || !HASH.matcher(hash).matches()) {
      throw new NoSuchFileException(String.valueOf(hash));
    }
    return FileChannel.open(blobPath(hash), StandardOpenOption.READ);
  }

  @Override
  public StoreResult storeFlags(
      String account,
      String folder,
      UidSet uids,
      StoreMode mode,
      Set<String> flags,
      long unchangedSince,
      long expectedUidValidity) {
    String acc = Names.account(account);
    String name = Names.folder(folder);
    if (uids == null || mode == null) {
      throw new StorageException(Reason.INVALID_REQUEST, "UID set and store mode are required");
    }
    if (unchangedSince < 0) {
      throw new StorageException(Reason.INVALID_REQUEST, "negative unchanged_since");
    }
    Set<String> given = Names.flags(flags == null ? Set.of() : flags);
    return write(tx -> {
      AccountRow a = requireAccount(tx.c, acc);
      FolderRow f = requireFolder(tx.c, a.id, name);
      checkUidValidity(f, expectedUidValidity);
      List<StoreResult.Updated> updated = new ArrayList<>();
      List<Long> modified = new ArrayList<>();
      long highest = f.highestModseq;
      for (StoredMessage m : resolve(tx.c, f.id, uids)) {
        if (unchangedSince > 0 && m.modseq() > unchangedSince) {
          modified.add(m.uid());
          continue;
        }
        Set<String> next = new TreeSet<>(mode == StoreMode.REPLACE ? Set.of() : m.flags());
        switch (mode) {
          case ADD, REPLACE -> next.addAll(given);
          case REMOVE -> next.removeAll(given);
        }
        if (next.size() > Names.MAX_FLAGS) {
          throw new StorageException(Reason.INVALID_REQUEST, "too many flags on a message");
        }
        if (next.equals(m.flags())) {
          updated.add(new StoreResult.Updated(m.uid(), m.flags(), m.modseq()));
          continue;
        }
        highest++;
        updateFlags(tx.c, f.id, m.uid(), next, highest);
        updated.add(new StoreResult.Updated(m.uid(), Collections.unmodifiableSet(next), highest));
      }
      if (highest != f.highestModseq) {
        update(tx.c, "UPDATE folders SET highest_modseq = ? WHERE id = ?", highest, f.id);
        List<StoreResult.Updated> changed =
            updated.stream().filter(u -> u.modseq() > f.highestModseq).toList();
        tx.changes.add(new MailboxChange.FlagsChanged(acc, f.name, changed, highest));
      }
      return new StoreResult(updated, modified, highest);
    });
  }

  @Override
  public ExpungeResult expunge(String account, String folder, UidSet uids) {
    String acc = Names.account(account);
    String name = Names.folder(folder);
    return write(tx -> {
      AccountRow a = requireAccount(tx.c, acc);
      FolderRow f = requireFolder(tx.c, a.id, name);
      List<Long> doomed = new ArrayList<>();
      if (uids == null) {
        try (PreparedStatement ps =
            tx.c.prepareStatement(
                "SELECT uid FROM messages WHERE folder_id = ? AND deleted = 1 ORDER BY uid")) {
          ps.setLong(1, f.id);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              doomed.add(rs.getLong(1));
            }
          }
        }
      } else {
        for (StoredMessage m : resolve(tx.c, f.id, uids)) {
          if (m.flags().contains("\\Deleted")) {
            doomed.add(m.uid());
          }
        }
      }
      if (doomed.isEmpty()) {
        return new ExpungeResult(List.of(), f.highestModseq);
      }
      releaseMessages(tx, f.id, doomed);
      long highest = f.highestModseq + 1;
      update(tx.c, "UPDATE folders SET highest_modseq = ? WHERE id = ?", highest, f.id);
      tx.changes.add(new MailboxChange.Expunged(acc, f.name, List.copyOf(doomed), highest));
      return new ExpungeResult(List.copyOf(doomed), highest);
    });
  }

  @Override
  public List<Delivery.Outcome> deliver(
      List<Delivery.Recipient> recipients, Instant internalDate, MessageSpool spool) {
    try (spool) {
      if (recipients == null || recipients.isEmpty()) {
        throw new StorageException(Reason.INVALID_REQUEST, "no recipients");
      }
      requireFinished(spool);
      long date = (internalDate == null ? Instant.now() : internalDate).toEpochMilli();
      MimeStructureParser.Result structure = parseContent(spool.file(), spool.size());
      return write(tx -> {
        placeBlob(tx, spool);
        List<Delivery.Outcome> out = new ArrayList<>(recipients.size());
        for (Delivery.Recipient r : recipients) {
          out.add(deliverOne(tx, r, date, spool));
        }
        storeStructure(tx.c, spool.contentId(), structure);
        return out;
      });
    }
  }

  private Delivery.Outcome deliverOne(Tx tx, Delivery.Recipient r, long date, MessageSpool spool)
      throws SQLException {
    Connection c = tx.c;
    String given = r == null ? null : r.account();
    String account;
    try {
      account = Names.account(given);
    } catch (StorageException e) {
      return failed(given, Reason.INVALID_REQUEST, true);
    }
    AccountRow a = findAccount(c, account);
    if (a == null || !a.account.enabled()) {
      return failed(account, Reason.ACCOUNT_NOT_FOUND, true);
    }
    FolderRow f = null;
    if (r.folder() != null && !r.folder().isEmpty()) {
      try {
        f = findFolder(c, a.id, Names.folder(r.folder()));
      } catch (StorageException e) {
        f = null;
      }
    }
    if (f == null) {
      f = findFolder(c, a.id, INBOX);
    }
    if (f == null) {
      return failed(account, Reason.FOLDER_NOT_FOUND, false);
    }
    try {
      checkQuota(a, spool.size());
    } catch (StorageException e) {
      return failed(account, Reason.QUOTA_EXCEEDED, false);
    }
    long[] uidAndModseq = insertMessage(c, a.id, f.id, Set.of(), date, spool);
    tx.changes.add(
        new MailboxChange.Exists(
            account, f.name, List.of(uidAndModseq[0]), uidAndModseq[0] + 1, uidAndModseq[1]));
    return new Delivery.Outcome(account, true, f.name, uidAndModseq[0], f.uidValidity, null, false);
  }

  private static Delivery.Outcome failed(String account, Reason reason, boolean permanent) {
    return new Delivery.Outcome(account == null ? "" : account, false, "", 0, 0, reason, permanent);
  }

  // ------------------------------------------------------- structure, copy, move

  /** Parses stored or spooled content; never fails (falls back to one text/plain part). */
  private static MimeStructureParser.Result parseContent(Path file, long size) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
      return MimeStructureParser.parse(in);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      log.warn("cannot parse the MIME structure of {}: {}", file.getFileName(), e.toString());
      return MimeStructureParser.fallback(size);
    }
  }

  private static void storeStructure(Connection c, String hash, MimeStructureParser.Result r)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT OR REPLACE INTO blob_structure(hash, version, envelope, structure) SELECT ?,"
                + " ?, ?, ? WHERE EXISTS (SELECT 1 FROM blobs WHERE hash = ?)")) {
      ps.setString(1, hash);
      ps.setInt(2, MimeStructureParser.VERSION);
      ps.setBytes(3, r.envelope().toByteArray());
      ps.setBytes(4, r.structure().toByteArray());
      ps.setString(5, hash);
      ps.executeUpdate();
    }
  }

  @Override
  public Optional<MimeStructureParser.Result> structure(StoredMessage message) {
    String hash = message.contentId();
    if (hash == null || !HASH.matcher(hash).matches()) {
      return Optional.empty();
    }
    MimeStructureParser.Result stored =
        read(c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT version, envelope, structure FROM blob_structure WHERE hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next() || rs.getInt(1) != MimeStructureParser.VERSION) {
                return null;
              }
              return new MimeStructureParser.Result(
                  Envelope.parseFrom(rs.getBytes(2)), MimePart.parseFrom(rs.getBytes(3)));
            }
          }
        });
    if (stored != null) {
      return Optional.of(stored);
    }
    MimeStructureParser.Result parsed = parseContent(blobPath(hash), message.size());
    if (parsed == null) {
      return Optional.empty();
    }
    write(tx -> {
      storeStructure(tx.c, hash, parsed);
      return null;
    });
    return Optional.of(parsed);
  }

  @Override
  public CopyResult copy(
      String account, String folder, UidSet uids, String destination, long expectedUidValidity) {
    return copyOrMove(account, folder, uids, destination, expectedUidValidity, false);
  }

  @Override
  public CopyResult move(
      String account, String folder, UidSet uids, String destination, long expectedUidValidity) {
    return copyOrMove(account, folder, uids, destination, expectedUidValidity, true);
  }

  private CopyResult copyOrMove(
      String account,
      String folder,
      UidSet uids,
      String destination,
      long expectedUidValidity,
      boolean move) {
    String acc = Names.account(account);
    String from = Names.folder(folder);
    String to = Names.folder(destination);
    if (uids == null) {
      throw new StorageException(Reason.INVALID_REQUEST, "no UID set");
    }
    return write(tx -> {
      AccountRow a = requireAccount(tx.c, acc);
      FolderRow src = requireFolder(tx.c, a.id, from);
      FolderRow dst = requireFolder(tx.c, a.id, to);
      checkUidValidity(src, expectedUidValidity);
      List<StoredMessage> found = resolve(tx.c, src.id, uids);
      if (found.isEmpty()) {
        return new CopyResult(
            dst.uidValidity, List.of(), List.of(), dst.highestModseq, src.highestModseq);
      }
      if (!move) {
        long bytes = found.stream().mapToLong(StoredMessage::size).sum();
        checkQuota(a, bytes, found.size());
      }
      long uid = dst.uidNext;
      long modseq = dst.highestModseq;
      if (uid + found.size() - 1 > UidSet.MAX_UID) {
        throw new StorageException(Reason.STORAGE_FAILURE, "the folder has used up its UIDs");
      }
      List<Long> sourceUids = new ArrayList<>();
      List<Long> newUids = new ArrayList<>();
      try (PreparedStatement ins =
              tx.c.prepareStatement(
                  "INSERT INTO messages(folder_id, uid, modseq, flags, seen, deleted,"
                      + " internal_date, size, blob) SELECT ?, ?, ?, flags, seen, deleted,"
                      + " internal_date, size, blob FROM messages WHERE folder_id = ? AND uid = ?");
          PreparedStatement mov =
              tx.c.prepareStatement(
                  "UPDATE messages SET folder_id = ?, uid = ?, modseq = ? WHERE folder_id = ? AND"
                      + " uid = ?")) {
        PreparedStatement ps = move ? mov : ins;
        for (StoredMessage m : found) {
          modseq++;
          ps.setLong(1, dst.id);
          ps.setLong(2, uid);
          ps.setLong(3, modseq);
          ps.setLong(4, src.id);
          ps.setLong(5, m.uid());
          ps.executeUpdate();
          if (!move) {
            update(tx.c, "UPDATE blobs SET refcount = refcount + 1 WHERE hash = ?", m.contentId());
            update(
                tx.c,
                "UPDATE accounts SET bytes_used = bytes_used + ?, messages_used = messages_used"
                    + " + 1 WHERE id = ?",
                m.size(),
                a.id);
          }
          sourceUids.add(m.uid());
          newUids.add(uid);
          uid++;
        }
      }
      long srcHighest = src.highestModseq;
      if (move) {
        srcHighest = (src.id == dst.id ? modseq : src.highestModseq) + 1;
        update(tx.c, "UPDATE folders SET highest_modseq = ? WHERE id = ?", srcHighest, src.id);
        if (src.id == dst.id) {
          modseq = srcHighest;
        }
      }
      update(
          tx.c,
          "UPDATE folders SET uid_next = ?, highest_modseq = ? WHERE id = ?",
          uid,
          modseq,
          dst.id);
      tx.changes.add(new MailboxChange.Exists(acc, dst.name, List.copyOf(newUids), uid, modseq));
      if (move) {
        tx.changes.add(
            new MailboxChange.Expunged(acc, src.name, List.copyOf(sourceUids), srcHighest));
      }
      return new CopyResult(
          dst.uidValidity, List.copyOf(sourceUids), List.copyOf(newUids), modseq, srcHighest);
    });
  }

  // ------------------------------------------------------------ subscriptions

  @Override
  public void subscribe(String account, String folder) {
    String acc = Names.account(account);
    String name = Names.folder(folder);
    write(tx -> {
      AccountRow a = requireAccount(tx.c, acc);
      update(
          tx.c, "INSERT OR IGNORE INTO subscriptions(account_id, name) VALUES(?, ?)", a.id, name);
      return null;
    });
  }

  @Override
  public void unsubscribe(String account, String folder) {
    String acc = Names.account(account);
    String name = Names.folder(folder);
    write(tx -> {
      AccountRow a = requireAccount(tx.c, acc);
      if (update(tx.c, "DELETE FROM subscriptions WHERE account_id = ? AND name = ?", a.id, name)
          == 0) {
        throw new StorageException(
            Reason.FOLDER_NOT_FOUND, "the name " + name + " is not subscribed");
      }
      return null;
    });
  }

  @Override
  public List<String> subscriptions(String account) {
    String acc = Names.account(account);
    return read(c -> subscriptions(c, requireAccount(c, acc).id));
  }

  private static List<String> subscriptions(Connection c, long accountId) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT name FROM subscriptions WHERE account_id = ? ORDER BY name")) {
      ps.setLong(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ changes

  @Override
  public AutoCloseable addChangeListener(Consumer<MailboxChange> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Called after a commit, under the write lock, so listeners see commits in order. */
  private void publish(List<MailboxChange> changes) {
    for (MailboxChange change : changes) {
      for (Consumer<MailboxChange> l : listeners) {
        try {
          l.accept(change);
        } catch (RuntimeException e) {
          log.warn("a change listener failed", e);
        }
      }
    }
  }

  @Override
  public long contentReferences(String contentId) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT refcount FROM blobs WHERE hash = ?")) {
        ps.setString(1, contentId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** The file holding a content id's bytes (which may not exist). */
  public Path contentPath(String contentId) {
    return blobPath(contentId);
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (!open) {
        return;
      }
      open = false;
      closeQuietly(writer);
      Connection r;
      while ((r = readers.poll()) != null) {
        closeQuietly(r);
      }
      try {
        lock.release();
        lockChannel.close();
      } catch (IOException e) {
        log.warn("cannot release the data directory lock: {}", e.toString());
      }
    } finally {
      writeLock.unlock();
    }
  }

  // ------------------------------------------------------------- transactions

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Tx tx) throws SQLException, IOException;
  }

  @FunctionalInterface
  private interface ReadWork<T> {
    T run(Connection c) throws SQLException, IOException;
  }

  /** A transaction: its connection and the content ids whose files may have become unreferenced. */
  private static final class Tx {
    final Connection c;
    final Set<String> maybeUnreferenced = new LinkedHashSet<>();
    final List<MailboxChange> changes = new ArrayList<>();

    Tx(Connection c) {
      this.c = c;
    }
  }

  private <T> T write(SqlWork<T> work) {
    writeLock.lock();
    try {
      ensureOpen();
      Tx tx = new Tx(writer);
      try {
        T result = work.run(tx);
        writer.commit();
        publish(tx.changes);
        return result;
      } catch (SQLException | IOException | RuntimeException e) {
        try {
          writer.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw translate(e);
      } finally {
        deleteUnreferenced(tx.maybeUnreferenced);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T read(ReadWork<T> work) {
    ensureOpen();
    Connection c;
    try {
      c = readers.poll(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(Reason.STORAGE_FAILURE, "interrupted");
    }
    if (c == null) {
      throw new StorageException(Reason.STORAGE_FAILURE, "no database connection available");
    }
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | IOException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw translate(e);
    } finally {
      if (open) {
        readers.offer(c);
      } else {
        closeQuietly(c);
      }
    }
  }

  private static StorageException translate(Exception e) {
    if (e instanceof StorageException se) {
      return se;
    }
    log.error("storage failure", e);
    return new StorageException(Reason.STORAGE_FAILURE, "storage failure: " + e.getMessage(), e);
  }

  private void ensureOpen() {
    if (!open) {
      throw new StorageException(Reason.STORAGE_FAILURE, "the storage is closed");
    }
  }

  // -------------------------------------------------------------------- blobs

  private Path blobPath(String hash) {
    return blobDir.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
  }

  private static void requireFinished(MessageSpool spool) {
    if (spool == null || !spool.finished()) {
      throw new StorageException(Reason.INVALID_REQUEST, "the message spool is not finished");
    }
  }

  /** Moves a finished spool into place (or drops it when the content is already stored). */
  private void placeBlob(Tx tx, MessageSpool spool) throws IOException {
    String hash = spool.contentId();
    Path target = blobPath(hash);
    tx.maybeUnreferenced.add(hash);
    if (Files.isRegularFile(target) && Files.size(target) == spool.size()) {
      spool.close();
      return;
    }
    ensureDirectory(target.getParent().getParent());
    ensureDirectory(target.getParent());
    Files.move(spool.file(), target, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(target.getParent());
  }

  private static void ensureDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      fsyncDirectory(dir.getParent());
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** After a transaction: deletes the files of content ids that no row references. */
  private void deleteUnreferenced(Collection<String> hashes) {
    for (String hash : hashes) {
      try {
        boolean referenced;
        try (PreparedStatement ps =
            writer.prepareStatement("SELECT 1 FROM blobs WHERE hash = ? AND refcount > 0")) {
          ps.setString(1, hash);
          try (ResultSet rs = ps.executeQuery()) {
            referenced = rs.next();
          }
        }
        writer.commit();
        if (!referenced) {
          Files.deleteIfExists(blobPath(hash));
        }
      } catch (SQLException | IOException e) {
        log.warn("cannot delete unreferenced content {} (left for the next start): {}", hash, e);
      }
    }
  }

  /** Start-up pass: removes spools and content files that no committed row references. */
  private void collectGarbage() throws IOException {
    int spools = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir)) {
      for (Path p : files) {
        Files.deleteIfExists(p);
        spools++;
      }
    }
    Set<String> referenced = new HashSet<>();
    write(tx -> {
      update(tx.c, "DELETE FROM blobs WHERE refcount <= 0");
      update(tx.c, "DELETE FROM blob_structure WHERE hash NOT IN (SELECT hash FROM blobs)");
      try (Statement s = tx.c.createStatement();
          ResultSet rs = s.executeQuery("SELECT hash FROM blobs")) {
        while (rs.next()) {
          referenced.add(rs.getString(1));
        }
      }
      return null;
    });
    int orphans = 0;
    try (var walk = Files.walk(blobDir, 3)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p) && !referenced.contains(p.getFileName().toString())) {
          Files.deleteIfExists(p);
          orphans++;
        }
      }
    }
    if (spools + orphans > 0) {
      log.info(
          "start-up cleanup removed {} spool(s) and {} orphan content file(s)", spools, orphans);
    }
  }

  // ------------------------------------------------------------------ helpers

  private record AccountRow(long id, Account account, String passwordHash) {}

  private record FolderRow(
      long id,
      String name,
      SpecialUse specialUse,
      boolean subscribed,
      long uidValidity,
      long uidNext,
      long highestModseq) {}

  private static AccountRow accountRow(ResultSet rs) throws SQLException {
    return new AccountRow(
        rs.getLong("id"),
        new Account(
            rs.getString("name"),
            rs.getString("display_name"),
            rs.getInt("enabled") != 0,
            rs.getLong("quota_bytes"),
            rs.getLong("quota_messages"),
            rs.getLong("bytes_used"),
            rs.getLong("messages_used"),
            Instant.ofEpochMilli(rs.getLong("created_at"))),
        rs.getString("password_hash"));
  }

  private static FolderRow folderRow(ResultSet rs) throws SQLException {
    return new FolderRow(
        rs.getLong("id"),
        rs.getString("name"),
        SpecialUse.valueOf(rs.getString("special_use")),
        rs.getInt("subscribed") != 0,
        rs.getLong("uid_validity"),
        rs.getLong("uid_next"),
        rs.getLong("highest_modseq"));
  }

  private static AccountRow findAccount(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM accounts WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? accountRow(rs) : null;
      }
    }
  }

  private static AccountRow requireAccount(Connection c, String name) throws SQLException {
    AccountRow a = findAccount(c, name);
    if (a == null) {
      throw new StorageException(Reason.ACCOUNT_NOT_FOUND, "no account " + name + " on this node");
    }
    return a;
  }

  private static FolderRow findFolder(Connection c, long accountId, String name)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT * FROM folders WHERE account_id = ? AND name = ?")) {
      ps.setLong(1, accountId);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? folderRow(rs) : null;
      }
    }
  }

  private static FolderRow requireFolder(Connection c, long accountId, String name)
      throws SQLException {
    FolderRow f = findFolder(c, accountId, name);
    if (f == null) {
      throw new StorageException(Reason.FOLDER_NOT_FOUND, "no folder " + name);
    }
    return f;
  }

  private static boolean hasChildren(Connection c, long accountId, String name)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM folders WHERE account_id = ? AND substr(name, 1, ?) = ? LIMIT 1")) {
      ps.setLong(1, accountId);
      ps.setInt(2, name.length() + 1);
      ps.setString(3, name + DELIMITER);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void createParents(Connection c, long accountId, String folder)
      throws SQLException {
    List<String> missing = new ArrayList<>();
    for (String p = Names.parent(folder); p != null; p = Names.parent(p)) {
      if (findFolder(c, accountId, p) != null) {
        break;
      }
      missing.add(p);
    }
    Collections.reverse(missing);
    for (String p : missing) {
      insertFolder(c, accountId, p, SpecialUse.NONE);
    }
  }

  /** Inserts a folder with a UIDVALIDITY never used before on this node; returns its id. */
  private static long insertFolder(Connection c, long accountId, String name, SpecialUse use)
      throws SQLException {
    long last = 0;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT value FROM node_state WHERE key = 'uid_validity'")) {
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          last = rs.getLong(1);
        }
      }
    }
    long uidValidity = Math.max(last + 1, Instant.now().getEpochSecond());
    if (uidValidity > UidSet.MAX_UID) {
      throw new StorageException(Reason.STORAGE_FAILURE, "UIDVALIDITY space exhausted");
    }
    update(
        c,
        "INSERT INTO node_state(key, value) VALUES('uid_validity', ?) ON CONFLICT(key) DO UPDATE"
            + " SET value = excluded.value",
        uidValidity);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO folders(account_id, name, special_use, subscribed, uid_validity,"
                + " uid_next, highest_modseq) VALUES(?,?,?,1,?,1,1)")) {
      ps.setLong(1, accountId);
      ps.setString(2, name);
      ps.setString(3, use.name());
      ps.setLong(4, uidValidity);
      ps.executeUpdate();
    }
    long id = lastId(c);
    update(
        c, "INSERT OR IGNORE INTO subscriptions(account_id, name) VALUES(?, ?)", accountId, name);
    return id;
  }

  private static void checkQuota(AccountRow a, long size) {
    checkQuota(a, size, 1);
  }

  private static void checkQuota(AccountRow a, long size, long count) {
    Account acc = a.account;
    if (acc.quotaBytes() > 0 && acc.bytesUsed() + size > acc.quotaBytes()) {
      throw new StorageException(
          Reason.QUOTA_EXCEEDED,
          "storing " + size + " bytes would exceed the quota of " + acc.quotaBytes() + " bytes");
    }
    if (acc.quotaMessages() > 0 && acc.messagesUsed() + count > acc.quotaMessages()) {
      throw new StorageException(
          Reason.QUOTA_EXCEEDED,
          "the account already holds its quota of " + acc.quotaMessages() + " messages");
    }
  }

  private static void checkUidValidity(FolderRow f, long expected) {
    if (expected != 0 && expected != f.uidValidity) {
      throw new StorageException(
          Reason.UIDVALIDITY_CHANGED,
          "UIDVALIDITY of " + f.name + " is " + f.uidValidity + ", not " + expected);
    }
  }

  /** Inserts a message row and references its content; returns {uid, modseq}. */
  private static long[] insertMessage(
      Connection c, long accountId, long folderId, Set<String> flags, long date, MessageSpool spool)
      throws SQLException {
    long uid;
    long modseq;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT uid_next, highest_modseq FROM folders WHERE id = ?")) {
      ps.setLong(1, folderId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        uid = rs.getLong(1);
        modseq = rs.getLong(2) + 1;
      }
    }
    if (uid > UidSet.MAX_UID) {
      throw new StorageException(Reason.STORAGE_FAILURE, "the folder has used up its UIDs");
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO messages(folder_id, uid, modseq, flags, seen, deleted, internal_date,"
                + " size, blob) VALUES(?,?,?,?,?,?,?,?,?)")) {
      ps.setLong(1, folderId);
      ps.setLong(2, uid);
      ps.setLong(3, modseq);
      ps.setString(4, String.join(" ", flags));
      ps.setInt(5, flags.contains("\\Seen") ? 1 : 0);
      ps.setInt(6, flags.contains("\\Deleted") ? 1 : 0);
      ps.setLong(7, date);
      ps.setLong(8, spool.size());
      ps.setString(9, spool.contentId());
      ps.executeUpdate();
    }
    update(
        c,
        "UPDATE folders SET uid_next = ?, highest_modseq = ? WHERE id = ?",
        uid + 1,
        modseq,
        folderId);
    update(
        c,
        "INSERT INTO blobs(hash, size, refcount) VALUES(?, ?, 1) ON CONFLICT(hash) DO UPDATE SET"
            + " refcount = refcount + 1",
        spool.contentId(),
        spool.size());
    update(
        c,
        "UPDATE accounts SET bytes_used = bytes_used + ?, messages_used = messages_used + 1 WHERE"
            + " id = ?",
        spool.size(),
        accountId);
    return new long[] {uid, modseq};
  }

  private static void updateFlags(
      Connection c, long folderId, long uid, Set<String> flags, long modseq) throws SQLException {
    update(
        c,
        "UPDATE messages SET flags = ?, seen = ?, deleted = ?, modseq = ? WHERE folder_id = ? AND"
            + " uid = ?",
        String.join(" ", flags),
        flags.contains("\\Seen") ? 1 : 0,
        flags.contains("\\Deleted") ? 1 : 0,
        modseq,
        folderId,
        uid);
  }

  /**
   * Deletes messages of a folder (all when {@code uids} is null), drops their content references
   * and quota usage; content left without references is deleted after the commit.
   */
  private static void releaseMessages(Tx tx, long folderId, List<Long> uids) throws SQLException {
    Map<String, Long> refs = new HashMap<>();
    long bytes = 0;
    long count = 0;
    long accountId;
    try (PreparedStatement ps =
        tx.c.prepareStatement("SELECT account_id FROM folders WHERE id = ?")) {
      ps.setLong(1, folderId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        accountId = rs.getLong(1);
      }
    }
    try (PreparedStatement select =
            tx.c.prepareStatement(
                "SELECT uid, size, blob FROM messages WHERE folder_id = ?"
                    + (uids == null ? "" : " AND uid = ?"));
        PreparedStatement delete =
            tx.c.prepareStatement(
                "DELETE FROM messages WHERE folder_id = ?"
                    + (uids == null ? "" : " AND uid = ?"))) {
      for (Long uid : uids == null ? Collections.<Long>singletonList(null) : uids) {
        select.setLong(1, folderId);
        delete.setLong(1, folderId);
        if (uid != null) {
          select.setLong(2, uid);
          delete.setLong(2, uid);
        }
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            bytes += rs.getLong(2);
            count++;
            refs.merge(rs.getString(3), 1L, Long::sum);
          }
        }
        delete.executeUpdate();
      }
    }
    for (Map.Entry<String, Long> e : refs.entrySet()) {
      update(
          tx.c,
          "UPDATE blobs SET refcount = refcount - ? WHERE hash = ?",
          e.getValue(),
          e.getKey());
      tx.maybeUnreferenced.add(e.getKey());
    }
    update(tx.c, "DELETE FROM blobs WHERE refcount <= 0");
    for (String hash : refs.keySet()) {
      update(
          tx.c,
          "DELETE FROM blob_structure WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM blobs WHERE"
              + " hash = ?)",
          hash,
          hash);
    }
    update(
        tx.c,
        "UPDATE accounts SET bytes_used = max(0, bytes_used - ?), messages_used = max(0,"
            + " messages_used - ?) WHERE id = ?",
        bytes,
        count,
        accountId);
  }

  /** The messages of a UID set, ascending; "*" is the highest UID in use (RFC 9051 6.4.8). */
  private static List<StoredMessage> resolve(Connection c, long folderId, UidSet set)
      throws SQLException {
    Long maxUid = null;
    TreeMap<Long, StoredMessage> found = new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT uid, flags, modseq, internal_date, size, blob FROM messages WHERE folder_id ="
                + " ? AND uid BETWEEN ? AND ?")) {
      for (UidSet.Range r : set.ranges()) {
        long lo = r.first();
        long hi = r.last();
        if (hi == 0) {
          if (maxUid == null) {
            maxUid = maxUid(c, folderId);
          }
          if (maxUid == 0) {
            continue;
          }
          hi = maxUid;
        }
        if (lo > hi) {
          long t = lo;
          lo = hi;
          hi = t;
        }
        ps.setLong(1, folderId);
        ps.setLong(2, lo);
        ps.setLong(3, hi);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long uid = rs.getLong(1);
            found.computeIfAbsent(
                uid,
                u -> {
                  try {
                    return new StoredMessage(
                        u,
                        Collections.unmodifiableSet(parseFlags(rs.getString(2))),
                        rs.getLong(3),
                        Instant.ofEpochMilli(rs.getLong(4)),
                        rs.getLong(5),
                        rs.getString(6));
                  } catch (SQLException e) {
                    throw new StorageException(Reason.STORAGE_FAILURE, e.getMessage(), e);
                  }
                });
          }
        }
      }
    }
    return List.copyOf(found.values());
  }

  private static long maxUid(Connection c, long folderId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT coalesce(max(uid), 0) FROM messages WHERE folder_id = ?")) {
      ps.setLong(1, folderId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Set<String> parseFlags(String text) {
    Set<String> flags = new TreeSet<>();
    if (text != null && !text.isEmpty()) {
      Collections.addAll(flags, text.split(" "));
    }
    return flags;
  }

  private static long lastId(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("closing a connection failed: {}", e.toString());
    }
  }

  private static Map<String, SpecialUse> defaultFolders() {
    Map<String, SpecialUse> m = new java.util.LinkedHashMap<>();
    m.put(INBOX, SpecialUse.NONE);
    m.put("Sent", SpecialUse.SENT);
    m.put("Drafts", SpecialUse.DRAFTS);
    m.put("Trash", SpecialUse.TRASH);
    m.put("Junk", SpecialUse.JUNK);
    return Collections.unmodifiableMap(m);
  }
}
