package io.mailtier.frontend.transport.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.function.IntConsumer;

/**
 * Sits at the socket end of the pipeline from the moment STARTTLS is accepted until the handshake
 * is done. Bytes that reach it while no {@link SslHandler} stands in front of it were sent in
 * plaintext after the STARTTLS command (the STARTTLS command injection of CVE-2011-0411): they are
 * dropped here, before Vert.x could queue them and hand them to the session as if they had come
 * through TLS. Once the TLS handler is in front, decrypted bytes pass.
 */
final class StartTlsGuard extends ChannelInboundHandlerAdapter {
  static final String NAME = "mailtier-starttls-guard";
  private final IntConsumer dropped;

  StartTlsGuard(IntConsumer dropped) {
    this.dropped = dropped;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (ctx.pipeline().get(SslHandler.class) != null) {
      ctx.fireChannelRead(msg);
      return;
    }
    int size = msg instanceof io.netty.buffer.ByteBuf b ? b.readableBytes() : 0;
    ReferenceCountUtil.release(msg);
    dropped.accept(size);
  }
}
