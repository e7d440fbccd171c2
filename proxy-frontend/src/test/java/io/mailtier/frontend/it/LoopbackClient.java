package io.mailtier.frontend.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A raw client connection from a chosen loopback address (Linux routes all of 127.0.0.0/8 to lo),
 * so tests can vary the client IP the server sees.
 */
final class LoopbackClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  LoopbackClient(String fromIp, int port) throws IOException {
    socket = new Socket();
    socket.bind(new InetSocketAddress(fromIp, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    in = socket.getInputStream();
  }

  Socket socket() {
    return socket;
  }

  void send(String line) throws IOException {
    sendRaw((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  void sendRaw(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /**
   * The next line without CRLF; null when the server closed the connection before sending a full
   * line. Everything the server sent is in {@link #bytesRead()}.
   */
  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (line.size() < 65536) {
      int b;
      try {
        b = in.read();
      } catch (SocketException e) { // reset: the server closed without reading what we sent
        b = -1;
      }
      if (b < 0) {
        read += line.size();
        return null;
      }
      if (b == '\n') {
        read += line.size() + 1;
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
    throw new IOException("line too long");
  }

  private long read;

  /** Bytes received so far. */
  long bytesRead() {
    return read;
  }

  /** Reads up to the tagged response of {@code tag}; null if the server closed first. */
  String command(String tag, String command) throws IOException {
    send(tag + " " + command);
    for (int i = 0; i < 1000; i++) {
      String line = readLine();
      if (line == null || line.startsWith(tag + " ")) {
        return line;
      }
    }
    throw new IOException("no tagged response to " + tag);
  }

  /**
   * Whether the server closed the connection without sending a single byte (within the read
   * timeout).
   */
  boolean closedWithNothingSent() throws IOException {
    return readLine() == null && read == 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
