package io.mailtier.deploy.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A minimal blocking IMAP client for the load tool, meant to run on a virtual thread: one socket,
 * tagged commands, untagged lines collected, literals in responses skipped and counted (never kept)
 * so fetching large bodies costs no heap. Every failure is a {@link BenchFailure} with a short
 * kind.
 */
final class ImapConnection implements AutoCloseable {
  private static final int MAX_LINE = 1 << 20;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private int nextTag = 1;

  /** What a tagged command returned. */
  record Reply(String status, String text, List<String> untagged, long literalBytes, int literals) {
    boolean ok() {
      return status.equals("OK");
    }

    /** The number of an untagged {@code * n EXISTS} line, or -1. */
    long exists() {
      long n = -1;
      for (String line : untagged) {
        long e = existsOf(line);
        if (e >= 0) {
          n = e;
        }
      }
      return n;
    }
  }

  private ImapConnection(Socket socket, int bufferSize) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), bufferSize);
    this.out = new BufferedOutputStream(socket.getOutputStream(), Math.min(bufferSize, 8192));
  }

  /** Connects, does the TLS handshake if asked, and reads the greeting (must be OK). */
  static ImapConnection open(ImapTarget target, int bufferSize) throws BenchFailure {
    Socket socket = new Socket();
    try {
      int timeout = (int) Math.min(Integer.MAX_VALUE, target.timeout().toMillis());
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(target.host(), target.port()), timeout);
      socket.setSoTimeout(timeout);
      if (target.tls()) {
        SSLSocket tls =
            (SSLSocket)
                TrustAll.CONTEXT
                    .getSocketFactory()
                    .createSocket(socket, target.host(), target.port(), true);
        tls.startHandshake();
        socket = tls;
      }
      ImapConnection c = new ImapConnection(socket, bufferSize);
      String greeting = c.readLine();
      if (!greeting.startsWith("* OK")) {
        c.close();
        throw new BenchFailure("greeting " + word(greeting, 1), "greeting: " + greeting);
      }
      return c;
    } catch (BenchFailure f) {
      closeQuietly(socket);
      throw f;
    } catch (IOException e) {
      closeQuietly(socket);
      throw failure("connect", e);
    }
  }

  /** Runs one tagged command (the tag is added) and returns its reply; NO and BAD are replies. */
  Reply command(String command) throws BenchFailure {
    String tag = "b" + nextTag++;
    try {
      out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readReply(tag, true, verb(command).equals("LOGOUT"));
    } catch (IOException e) {
      throw failure(verb(command), e);
    }
  }

  /** Like {@link #command} but a reply other than OK is a failure of kind "VERB NO"/"VERB BAD". */
  Reply expectOk(String command) throws BenchFailure {
    Reply r = command(command);
    if (!r.ok()) {
      throw new BenchFailure(verb(command) + " " + r.status(), command + ": " + r.text());
    }
    return r;
  }

  /** LOGIN with both arguments as quoted strings. */
  Reply login(String user, String password) throws BenchFailure {
    return expectOk("LOGIN " + quote(user) + " " + quote(password));
  }

  /** APPEND of one message to {@code mailbox} with a synchronizing literal. */
  Reply append(String mailbox, byte[] message) throws BenchFailure {
    String tag = "b" + nextTag++;
    try {
      out.write(
          (tag + " APPEND " + quote(mailbox) + " {" + message.length + "}\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = readLine();
      while (line.startsWith("* ")) {
        line = readLine();
      }
      if (!line.startsWith("+")) {
        throw new BenchFailure("APPEND " + word(line, 1), "APPEND refused: " + line);
      }
      out.write(message);
      out.write('\r');
      out.write('\n');
      out.flush();
      Reply r = readReply(tag, false, false);
      if (!r.ok()) {
        throw new BenchFailure("APPEND " + r.status(), "APPEND: " + r.text());
      }
      return r;
    } catch (IOException e) {
      throw failure("APPEND", e);
    }
  }

  /**
   * Sends IDLE and waits for the continuation. Returns the tag to pass to {@link #readIdleEnd}; the
   * untagged lines before the continuation are added to {@code early}.
   */
  String idle(List<String> early) throws BenchFailure {
    String tag = "b" + nextTag++;
    try {
      out.write((tag + " IDLE\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (true) {
        String line = readLine();
        if (line.startsWith("+")) {
          return tag;
        }
        if (line.startsWith(tag + " ")) {
          throw new BenchFailure("IDLE " + word(line, 1), "IDLE: " + line);
        }
        early.add(line);
      }
    } catch (IOException e) {
      throw failure("IDLE", e);
    }
  }

  /** Ends IDLE; safe to call from another thread than the one reading. */
  void sendDone() throws IOException {
    synchronized (out) {
      out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  /** Reads the next response line (literals skipped), for a session in IDLE. */
  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int prev = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed by the server");
      }
      if (b == '\n' && prev == '\r') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("response line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
      prev = b;
    }
  }

  private Reply readReply(String tag, boolean keepUntagged, boolean byeExpected)
      throws IOException, BenchFailure {
    List<String> untagged = new ArrayList<>();
    long literalBytes = 0;
    int literals = 0;
    while (true) {
      String line = readLine();
      long literal = literalLength(line);
      while (literal >= 0) {
        skip(literal);
        literalBytes += literal;
        literals++;
        String rest = readLine();
        line = line + "<" + literal + ">" + rest;
        literal = literalLength(rest);
      }
      if (line.startsWith(tag + " ")) {
        String status = word(line, 1);
        int sp = line.indexOf(' ', tag.length() + 1);
        String text = sp < 0 ? "" : line.substring(sp + 1);
        return new Reply(status, text, untagged, literalBytes, literals);
      }
      if (!byeExpected && line.startsWith("* BYE")) {
        throw new BenchFailure("BYE", "server said " + line);
      }
      if (keepUntagged && line.length() < 4096) {
        untagged.add(line);
      }
    }
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new java.io.EOFException("connection closed inside a literal");
        }
        s = 1;
      }
      left -= s;
    }
  }

  /** The n of a line ending in {@code {n}} or {@code {n+}}, else -1. */
  static long literalLength(String line) {
    if (!line.endsWith("}")) {
      return -1;
    }
    int open = line.lastIndexOf('{');
    if (open < 0) {
      return -1;
    }
    String n = line.substring(open + 1, line.length() - 1);
    if (n.endsWith("+") || n.endsWith("-")) {
      n = n.substring(0, n.length() - 1);
    }
    if (n.isEmpty() || n.length() > 18 || !n.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(n);
  }

  /** The n of {@code * n EXISTS}, else -1. */
  static long existsOf(String line) {
    if (!line.startsWith("* ") || !line.regionMatches(true, line.length() - 7, " EXISTS", 0, 7)) {
      return -1;
    }
    String n = line.substring(2, line.length() - 7);
    if (n.isEmpty() || n.length() > 18 || !n.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(n);
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String verb(String command) {
    int sp = command.indexOf(' ');
    String v = sp < 0 ? command : command.substring(0, sp);
    if (v.equalsIgnoreCase("UID")) {
      int sp2 = command.indexOf(' ', sp + 1);
      v = sp2 < 0 ? command : command.substring(0, sp2);
    }
    return v.toUpperCase(java.util.Locale.ROOT);
  }

  private static String word(String line, int i) {
    String[] words = line.split(" ", i + 2);
    return words.length > i ? words[i].toUpperCase(java.util.Locale.ROOT) : "?";
  }

  static BenchFailure failure(String step, IOException e) {
    String kind;
    if (e instanceof SocketTimeoutException) {
      kind = step + " timeout";
    } else if (e instanceof ConnectException) {
      kind = step + " refused";
    } else if (e instanceof SSLException) {
      kind = step + " tls";
    } else if (e instanceof java.io.EOFException) {
      kind = step + " closed";
    } else {
      kind = step + " io";
    }
    return new BenchFailure(kind, step + ": " + e, e);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing after a failure: nothing more to report
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  /** Trusts any certificate: the tool measures servers on loopback, it never carries real mail. */
  private static final class TrustAll {
    static final SSLContext CONTEXT = create();

    private static SSLContext create() {
      try {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(
            null,
            new TrustManager[] {
              new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                  return new X509Certificate[0];
                }
              }
            },
            new SecureRandom());
        return c;
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("TLS is part of every JDK", e);
      }
    }
  }
}
