package io.mailtier.frontend.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw IMAP connection over a real socket, reading line by line with a bounded wait. */
public final class ImapTestClient implements AutoCloseable {
  private static final int MAX_LINE = 1024 * 1024;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public ImapTestClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public void setTimeoutMillis(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** Sends a line and CRLF. */
  public void send(String line) throws IOException {
    sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next line without CRLF; null at the end of the stream. */
  public String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
      }
      if (b == '\n') {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
      if (line.size() > MAX_LINE) {
        throw new IOException("line too long from server");
      }
    }
  }

  /** Reads exactly {@code n} bytes (a literal's content). */
  public byte[] readBytes(int n) throws IOException {
    byte[] data = in.readNBytes(n);
    if (data.length != n) {
      throw new IOException("connection closed after " + data.length + " of " + n + " bytes");
    }
    return data;
  }

  /** Reads lines up to and including the tagged response of {@code tag}; returns that line. */
  public String readUntilTagged(String tag) throws IOException {
    for (int i = 0; i < 10_000; i++) {
      String line = readLine();
      if (line == null) {
        throw new IOException("connection closed before the response to " + tag);
      }
      if (line.startsWith(tag + " ")) {
        return line;
      }
    }
    throw new IOException("no tagged response to " + tag);
  }

  /** Sends a command and returns its tagged response line. */
  public String command(String tag, String command) throws IOException {
    send(tag + " " + command);
    return readUntilTagged(tag);
  }

  /** Whether the server closed the connection (end of stream within the read timeout). */
  public boolean closedByServer() throws IOException {
    try {
      for (int i = 0; i < 10_000; i++) {
        if (readLine() == null) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by peer
    }
  }

  /** Runs a TLS handshake over the connection (after the server's OK to STARTTLS). */
  public void startTls(javax.net.ssl.SSLContext context) throws IOException {
    javax.net.ssl.SSLSocket tls =
        (javax.net.ssl.SSLSocket)
            context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
    tls.setUseClientMode(true);
    tls.setSoTimeout(socket.getSoTimeout());
    tls.startHandshake();
    socket = tls;
    in = tls.getInputStream();
    out = tls.getOutputStream();
  }

  /** The connection's socket (an SSLSocket after {@link #startTls}). */
  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
