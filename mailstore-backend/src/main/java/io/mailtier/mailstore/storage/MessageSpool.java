package io.mailtier.mailstore.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A message being received: its bytes go to a temporary file in the store's data directory (never
 * all into memory) while their SHA-256 is computed. {@link #finish()} flushes the file to stable
 * storage; a storage then moves it into place. Closing a spool that was not consumed deletes it.
 */
public final class MessageSpool implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final MessageDigest digest;
  private long size;
  private String contentId;
  private boolean closed;

  MessageSpool(Path file) throws IOException {
    this.file = file;
    this.channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Appends the remaining bytes of {@code data}. */
  public void write(ByteBuffer data) throws IOException {
    if (contentId != null || closed) {
      throw new IllegalStateException("spool already finished");
    }
    ByteBuffer forDigest = data.duplicate();
    digest.update(forDigest);
    while (data.hasRemaining()) {
      size += channel.write(data);
    }
  }

  /** Appends bytes. */
  public void write(byte[] data) throws IOException {
    write(ByteBuffer.wrap(data));
  }

  /** The number of bytes written so far. */
  public long size() {
    return size;
  }

  /** Forces the bytes to stable storage and fixes the content id; no more writes after this. */
  public void finish() throws IOException {
    if (contentId == null) {
      channel.force(true);
      channel.close();
      contentId = HexFormat.of().formatHex(digest.digest());
    }
  }

  /** Whether {@link #finish()} was called. */
  public boolean finished() {
    return contentId != null;
  }

  /** The SHA-256 of the content in hex; only after {@link #finish()}. */
  public String contentId() {
    if (contentId == null) {
      throw new IllegalStateException("spool not finished");
    }
    return contentId;
  }

  Path file() {
    return file;
  }

  /** Deletes the temporary file if it is still there. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to do
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left for the start-up garbage collection
    }
  }
}
