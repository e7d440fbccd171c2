package io.mailtier.deploy.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one benchmark run measured: latency histograms per step, error counts by kind, the headline
 * figures of its mode, the machine's load averages around the run and the tool's own CPU use.
 * Rendered as text for people and as JSON ({@code --json}) for scripts.
 */
final class BenchReport {
  final String mode;
  final String target;
  final Map<String, Object> settings = new LinkedHashMap<>();
  final Map<String, LatencyHistogram> latencies = new LinkedHashMap<>();
  final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  /** Headline figures in display order (name → value), e.g. sessions_per_second. */
  final Map<String, Double> figures = new LinkedHashMap<>();

  String loadBefore = "";
  String loadAfter = "";
  double elapsedSeconds;
  double toolCpuSeconds;
  int cores = Runtime.getRuntime().availableProcessors();
  final Map<String, String> notes = new LinkedHashMap<>();

  BenchReport(String mode, String target) {
    this.mode = mode;
    this.target = target;
  }

  /** The histogram of a step, created on first use (call before the workers start). */
  LatencyHistogram latency(String step) {
    return latencies.computeIfAbsent(step, s -> new LatencyHistogram());
  }

  void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  double figure(String name) {
    Double v = figures.get(name);
    return v == null ? 0 : v;
  }

  String toText() {
    StringBuilder b = new StringBuilder();
    b.append("mailtier bench imap: mode ").append(mode).append(", target ").append(target);
    b.append('\n');
    settings.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
    b.append("  load average before: ").append(loadBefore).append("  after: ").append(loadAfter);
    b.append('\n');
    b.append(String.format(Locale.ROOT, "  measured for %.2f s%n", elapsedSeconds));
    figures.forEach(
        (k, v) -> b.append(String.format(Locale.ROOT, "  %-28s %,.2f%n", k.replace('_', ' '), v)));
    if (!latencies.isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%n  %-16s %9s %9s %9s %9s %9s %9s%n",
              "latency (ms)",
              "count",
              "p50",
              "p90",
              "p99",
              "max",
              "mean"));
      latencies.forEach((step, h) ->
          b.append(
              String.format(
                  Locale.ROOT,
                  "  %-16s %9d %9.2f %9.2f %9.2f %9.2f %9.2f%n",
                  step,
                  h.count(),
                  ms(h.percentileMicros(50)),
                  ms(h.percentileMicros(90)),
                  ms(h.percentileMicros(99)),
                  ms(h.maxMicros()),
                  h.meanMicros() / 1000.0)));
    }
    b.append('\n');
    if (errors.isEmpty()) {
      b.append("  errors: none\n");
    } else {
      b.append("  errors: ").append(errorCount()).append('\n');
      new TreeMap<>(errors)
          .forEach((k, v) -> b.append("    ").append(k).append(": ").append(v.sum()).append('\n'));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  tool CPU: %.2f cores of %d (%.0f%%)%n",
            toolCores(),
            cores,
            100.0 * toolCores() / cores));
    notes.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
    return b.toString();
  }

  double toolCores() {
    return elapsedSeconds <= 0 ? 0 : toolCpuSeconds / elapsedSeconds;
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  String toJson() {
    StringBuilder b = new StringBuilder("{\n");
    field(b, "mode", mode);
    field(b, "target", target);
    b.append("  \"settings\": {");
    join(b, settings);
    b.append("},\n");
    field(b, "load_average_before", loadBefore);
    field(b, "load_average_after", loadAfter);
    b.append("  \"elapsed_seconds\": ").append(num(elapsedSeconds)).append(",\n");
    b.append("  \"figures\": {");
    join(b, figures);
    b.append("},\n  \"latency_ms\": {");
    boolean first = true;
    for (Map.Entry<String, LatencyHistogram> e : latencies.entrySet()) {
      LatencyHistogram h = e.getValue();
      b.append(first ? "\n" : ",\n");
      first = false;
      b.append("    ").append(str(e.getKey())).append(": {\"count\": ").append(h.count());
      b.append(", \"p50\": ").append(num(ms(h.percentileMicros(50))));
      b.append(", \"p90\": ").append(num(ms(h.percentileMicros(90))));
      b.append(", \"p99\": ").append(num(ms(h.percentileMicros(99))));
      b.append(", \"max\": ").append(num(ms(h.maxMicros())));
      b.append(", \"mean\": ").append(num(h.meanMicros() / 1000.0)).append('}');
    }
    b.append(first ? "},\n" : "\n  },\n");
    b.append("  \"errors_total\": ").append(errorCount()).append(",\n");
    b.append("  \"errors\": {");
    Map<String, Object> errs = new TreeMap<>();
    errors.forEach((k, v) -> errs.put(k, v.sum()));
    join(b, errs);
    b.append("},\n");
    b.append("  \"tool_cpu_cores\": ").append(num(toolCores())).append(",\n");
    b.append("  \"cores\": ").append(cores).append(",\n");
    b.append("  \"notes\": {");
    join(b, notes);
    b.append("}\n}\n");
    return b.toString();
  }

  private static void field(StringBuilder b, String k, String v) {
    b.append("  ").append(str(k)).append(": ").append(str(v)).append(",\n");
  }

  private static void join(StringBuilder b, Map<String, ?> m) {
    boolean first = true;
    for (Map.Entry<String, ?> e : m.entrySet()) {
      if (!first) {
        b.append(", ");
      }
      first = false;
      b.append(str(e.getKey())).append(": ").append(value(e.getValue()));
    }
  }

  private static String value(Object v) {
    if (v instanceof Double d) {
      return num(d);
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return str(String.valueOf(v));
  }

  private static String num(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "null";
    }
    return String.format(Locale.ROOT, "%.3f", d);
  }

  static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
