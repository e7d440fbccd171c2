package io.mailtier.mailstore.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.mailstore.mime.MimeStructureParser;
import io.mailtier.mailstore.mime.SectionLocator;
import io.mailtier.mailstore.storage.MailStorage;
import io.mailtier.mailstore.storage.StoredMessage;
import io.mailtier.proto.mailstore.v1.BodyChunk;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.FetchedMessage;
import io.mailtier.proto.mailstore.v1.FetchedSection;
import io.mailtier.proto.mailstore.v1.SectionRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the answer of one Fetch under gRPC flow control: it sends only while the call is ready
 * and resumes from the on-ready handler, so a large fetch never buffers more than about one chunk
 * beyond the transport's window. Body and section bytes are read from the content file chunk by
 * chunk (decoded on the fly for BINARY sections); only filtered header fields are built in memory.
 */
final class FetchStreamer {
  /** The size of one BodyChunk (the contract allows up to 1 MiB). */
  static final int CHUNK_BYTES = 256 * 1024;

  /** The largest header block read into memory for HEADER.FIELDS filtering. */
  static final int MAX_HEADER_BYTES = 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(FetchStreamer.class);

  private final MailStorage storage;
  private final ServerCallStreamObserver<FetchResponse> out;
  private final FetchRequest request;
  private final List<StoredMessage> messages;
  private final Deque<Output> pending = new ArrayDeque<>();
  private int next;
  private boolean finished;

  /** Bytes still to send for one body or section of the current message. */
  private static final class Output {
    final int section;
    final long uid;
    final InputStream in;
    long remaining;

    Output(int section, long uid, InputStream in, long remaining) {
      this.section = section;
      this.uid = uid;
      this.in = in;
      this.remaining = remaining;
    }
  }

  FetchStreamer(
      MailStorage storage,
      ServerCallStreamObserver<FetchResponse> out,
      FetchRequest request,
      List<StoredMessage> messages) {
    this.storage = storage;
    this.out = out;
    this.request = request;
    this.messages = messages;
  }

  void start() {
    out.setOnCancelHandler(this::cancel);
    out.setOnReadyHandler(this::drain);
    drain();
  }

  private synchronized void cancel() {
    finished = true;
    closeAll();
  }

  private synchronized void drain() {
    try {
      while (!finished && out.isReady()) {
        if (!pending.isEmpty()) {
          sendChunk();
        } else if (next < messages.size()) {
          startMessage(messages.get(next++));
        } else {
          finished = true;
          out.onCompleted();
        }
      }
    } catch (IOException | RuntimeException e) {
      log.error("Fetch streaming failed", e);
      finished = true;
      closeAll();
      out.onError(
          GrpcErrors.error(
              Status.Code.INTERNAL, ErrorReason.STORAGE_FAILURE, "the node's storage failed"));
    }
  }

  private void startMessage(StoredMessage m) throws IOException {
    FetchedMessage.Builder b = FetchedMessage.newBuilder().setUid((int) m.uid());
    if (request.getFlags()) {
      b.addAllFlags(m.flags()).setModseq(m.modseq());
    }
    if (request.getInternalDate()) {
      b.setInternalDate(ProtoMapping.timestamp(m.internalDate()));
    }
    if (request.getSize()) {
      b.setSize(m.size());
    }
    try {
      if (request.getBody()) {
        long offset = 0;
        long length = m.size();
        if (request.hasBodyRange()) {
          long o = request.getBodyRange().getOffset();
          long l = request.getBodyRange().getLength();
          offset = (o < 0 || o > m.size()) ? m.size() : o;
          long available = m.size() - offset;
          length = (l == 0 || l < 0 || l > available) ? available : l;
        }
        if (length > 0) {
          pending.add(new Output(0, m.uid(), rangeStream(m, offset, length), length));
        }
        b.setBodyOffset(offset).setBodyLength(length);
      }
      boolean needStructure =
          request.getEnvelope() || request.getBodyStructure() || request.getSectionsCount() > 0;
      if (needStructure) {
        Optional<MimeStructureParser.Result> structure = storage.structure(m);
        if (structure.isEmpty()) {
          throw new NoSuchFileException(m.contentId());
        }
        MimeStructureParser.Result s = structure.get();
        if (request.getEnvelope()) {
          b.setEnvelope(s.envelope());
        }
        if (request.getBodyStructure()) {
          b.setBodyStructure(s.structure());
        }
        for (int i = 0; i < request.getSectionsCount(); i++) {
          b.addSections(section(m, s, i, request.getSections(i)));
        }
      }
    } catch (NoSuchFileException e) {
      closeAll(); // expunged since the metadata was read: skipped, like a missing UID
      return;
    }
    out.onNext(FetchResponse.newBuilder().setMessage(b).build());
  }

  private FetchedSection section(
      StoredMessage m, MimeStructureParser.Result s, int index, SectionRequest req)
      throws IOException {
    FetchedSection.Builder f = FetchedSection.newBuilder().setIndex(index);
    SectionLocator.Kind kind =
        switch (req.getKind()) {
          case SECTION_KIND_HEADER -> SectionLocator.Kind.HEADER;
          case SECTION_KIND_HEADER_FIELDS -> SectionLocator.Kind.HEADER_FIELDS;
          case SECTION_KIND_HEADER_FIELDS_NOT -> SectionLocator.Kind.HEADER_FIELDS_NOT;
          case SECTION_KIND_TEXT -> SectionLocator.Kind.TEXT;
          case SECTION_KIND_MIME -> SectionLocator.Kind.MIME;
          default -> SectionLocator.Kind.WHOLE;
        };
    Optional<SectionLocator.Range> found =
        SectionLocator.locate(s.structure(), m.size(), req.getPart(), kind);
    if (found.isEmpty()) {
      return f.setFound(false).setDecodable(true).build();
    }
    SectionLocator.Range r = found.get();
    f.setFound(true).setDecodable(true);
    long total;
    StreamFactory source;
    if (kind == SectionLocator.Kind.HEADER_FIELDS
        || kind == SectionLocator.Kind.HEADER_FIELDS_NOT) {
      byte[] header = readFully(m, r.offset(), (int) Math.min(r.length(), MAX_HEADER_BYTES));
      byte[] filtered =
          SectionLocator.filterHeader(
              header,
              new HashSet<>(req.getFieldNamesList()),
              kind == SectionLocator.Kind.HEADER_FIELDS_NOT);
      total = filtered.length;
      source = () -> new ByteArrayInputStream(filtered);
    } else if (req.getDecode() && needsDecoding(r.encoding())) {
      String encoding = r.encoding();
      if (!encoding.equals("BASE64") && !encoding.equals("QUOTED-PRINTABLE")) {
        return f.setDecodable(false).build();
      }
      source = () -> decoder(encoding, rangeStream(m, r.offset(), r.length()));
      try (InputStream in = source.open()) {
        total = in.transferTo(OutputStreamSink.INSTANCE);
      }
    } else {
      total = r.length();
      source = () -> rangeStream(m, r.offset(), r.length());
    }
    long offset = 0;
    long length = total;
    if (req.hasRange()) {
      long o = req.getRange().getOffset();
      long l = req.getRange().getLength();
      offset = (o < 0 || o > total) ? total : o;
      long available = total - offset;
      length = (l <= 0 || l > available) ? available : l;
    }
    f.setOffset(offset).setLength(length);
    if (!req.getSizeOnly() && length > 0) {
      InputStream in = source.open();
      in.skipNBytes(offset);
      pending.add(new Output(index + 1, m.uid(), in, length));
    }
    return f.build();
  }

  @FunctionalInterface
  private interface StreamFactory {
    InputStream open() throws IOException;
  }

  /** A sink that discards what is written (for measuring decoded sizes). */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  private static boolean needsDecoding(String encoding) {
    return !(encoding.equals("7BIT")
        || encoding.equals("8BIT")
        || encoding.equals("BINARY")
        || encoding.isEmpty());
  }

  private static InputStream decoder(String encoding, InputStream raw) {
    return encoding.equals("BASE64")
        ? new Base64InputStream(raw, DecodeMonitor.SILENT)
        : new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
  }

  private InputStream rangeStream(StoredMessage m, long offset, long length) throws IOException {
    SeekableByteChannel ch = storage.openContent(m);
    ch.position(offset);
    InputStream in = Channels.newInputStream(ch);
    return new java.io.FilterInputStream(in) {
      long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(buf, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }

  private byte[] readFully(StoredMessage m, long offset, int length) throws IOException {
    try (InputStream in = rangeStream(m, offset, length)) {
      return in.readNBytes(length);
    }
  }

  private void sendChunk() throws IOException {
    Output o = pending.peekFirst();
    int n = (int) Math.min(CHUNK_BYTES, o.remaining);
    byte[] buf = o.in.readNBytes(n);
    if (buf.length < n) {
      throw new IOException("content of UID " + o.uid + " is shorter than its recorded size");
    }
    o.remaining -= n;
    if (o.remaining == 0) {
      pending.removeFirst();
      o.in.close();
    }
    out.onNext(
        FetchResponse.newBuilder()
            .setBody(
                BodyChunk.newBuilder()
                    .setUid((int) o.uid)
                    .setSection(o.section)
                    .setData(UnsafeByteOperations.unsafeWrap(buf)))
            .build());
  }

  private void closeAll() {
    for (Output o : pending) {
      try {
        o.in.close();
      } catch (IOException e) {
        // read-only stream; nothing to lose
      }
    }
    pending.clear();
  }
}
