package io.mailtier.mailstore.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.mailstore.storage.MailStorage;
import io.mailtier.mailstore.storage.StoredMessage;
import io.mailtier.proto.mailstore.v1.BodyChunk;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.FetchedMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the answer of one Fetch under gRPC flow control: it sends only while the call is ready
 * and resumes from the on-ready handler, so a large fetch never buffers more than about one chunk
 * beyond the transport's window. Body bytes are read from the content file chunk by chunk.
 */
final class FetchStreamer {
  /** The size of one BodyChunk (the contract allows up to 1 MiB). */
  static final int CHUNK_BYTES = 256 * 1024;

  private static final Logger log = LoggerFactory.getLogger(FetchStreamer.class);

  private final MailStorage storage;
  private final ServerCallStreamObserver<FetchResponse> out;
  private final FetchRequest request;
  private final List<StoredMessage> messages;
  private int next;
  private SeekableByteChannel body;
  private long bodyUid;
  private long remaining;
  private boolean finished;

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
    closeBody();
  }

  private synchronized void drain() {
    try {
      while (!finished && out.isReady()) {
        if (body != null) {
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
      closeBody();
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
        SeekableByteChannel ch;
        try {
          ch = storage.openContent(m);
        } catch (NoSuchFileException e) {
          return; // expunged since the metadata was read: skipped, like a missing UID
        }
        ch.position(offset);
        body = ch;
        bodyUid = m.uid();
        remaining = length;
      }
      b.setBodyOffset(offset).setBodyLength(length);
    }
    out.onNext(FetchResponse.newBuilder().setMessage(b).build());
  }

  private void sendChunk() throws IOException {
    int n = (int) Math.min(CHUNK_BYTES, remaining);
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      if (body.read(buf) < 0) {
        throw new IOException("content of UID " + bodyUid + " is shorter than its recorded size");
      }
    }
    buf.flip();
    remaining -= n;
    if (remaining == 0) {
      closeBody();
    }
    out.onNext(
        FetchResponse.newBuilder()
            .setBody(
                BodyChunk.newBuilder()
                    .setUid((int) bodyUid)
                    .setData(UnsafeByteOperations.unsafeWrap(buf)))
            .build());
  }

  private void closeBody() {
    if (body != null) {
      try {
        body.close();
      } catch (IOException e) {
        // read-only channel; nothing to lose
      }
      body = null;
    }
  }
}
