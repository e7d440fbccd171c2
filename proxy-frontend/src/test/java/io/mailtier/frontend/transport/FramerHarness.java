package io.mailtier.frontend.transport;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Feeds bytes through a {@link CommandFramer} in pieces and collects what comes out. */
public final class FramerHarness implements CommandFramer.Listener {
  public final List<byte[]> commands = new ArrayList<>();
  public final List<String> events = new ArrayList<>();
  public final CommandFramer framer;

  public FramerHarness(int maxLine, long maxLiteral) {
    framer = new CommandFramer(maxLine, maxLiteral, this);
  }

  /** The commands framed from {@code bytes} fed in two pieces cut at {@code split}. */
  public static List<byte[]> frame(byte[] bytes, int split) {
    FramerHarness h = new FramerHarness(8192, 1 << 20);
    h.feed(Arrays.copyOfRange(bytes, 0, split));
    h.feed(Arrays.copyOfRange(bytes, split, bytes.length));
    return h.commands;
  }

  public void feed(byte[] bytes) {
    if (bytes.length > 0) {
      framer.handle(Buffer.buffer(bytes));
    }
  }

  @Override
  public void command(byte[] raw) {
    commands.add(raw);
    events.add("command");
  }

  @Override
  public void continuationNeeded() {
    events.add("continue");
  }

  @Override
  public void literalTooBig(String tag, String commandName, boolean nonSynchronizing) {
    events.add("tooBig " + tag + " " + commandName + (nonSynchronizing ? " +" : ""));
  }

  @Override
  public void lineTooLong() {
    events.add("lineTooLong");
  }
}
