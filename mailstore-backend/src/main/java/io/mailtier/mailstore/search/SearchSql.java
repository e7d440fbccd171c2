package io.mailtier.mailstore.search;

import io.mailtier.mailstore.storage.UidSet;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@link SearchQuery} into a SQL condition on the {@code messages} table (columns {@code
 * uid, modseq, flags, internal_date, size}) that every matching message satisfies: exact for flags,
 * internal dates, sizes, UIDs and modseqs; {@code 1} (no filter) where the content decides, and for
 * a NOT over such a part. {@link SearchEngine} then decides each remaining row exactly.
 */
public final class SearchSql {
  /** UID sets with more ranges than this are filtered in Java (SQLite bounds expression depth). */
  private static final int MAX_SQL_RANGES = 50;

  private SearchSql() {}

  /**
   * A SQL condition and its parameters.
   *
   * @param exact whether the condition is the criterion itself (not only implied by it)
   */
  public record Condition(String sql, List<Object> parameters, boolean exact) {
    public Condition {
      parameters = List.copyOf(parameters);
    }

    static Condition any() {
      return new Condition("1", List.of(), false);
    }
  }

  /** The condition of a query; {@code maxUid} stands for {@code *} in UID ranges. */
  public static Condition compile(SearchQuery q, long maxUid) {
    return switch (q) {
      case SearchQuery.All a -> new Condition("1", List.of(), true);
      case SearchQuery.And a -> join(a.children(), " AND ", maxUid);
      case SearchQuery.Or o -> join(o.children(), " OR ", maxUid);
      case SearchQuery.Not n -> {
        Condition c = compile(n.child(), maxUid);
        yield c.exact()
            ? new Condition("NOT (" + c.sql() + ")", c.parameters(), true)
            : Condition.any();
      }
      case SearchQuery.Uids u -> uids(u.ranges(), maxUid);
      case SearchQuery.Flag f ->
          new Condition(
              "instr(' ' || lower(flags) || ' ', ?) " + (f.present() ? "> 0" : "= 0"),
              List.of(" " + f.flag().toLowerCase(Locale.ROOT) + " "),
              true);
      case SearchQuery.Size s ->
          new Condition(s.larger() ? "size > ?" : "size < ?", List.of(s.size()), true);
      case SearchQuery.MinModseq m -> new Condition("modseq >= ?", List.of(m.modseq()), true);
      case SearchQuery.DateCompare d -> date(d);
      case SearchQuery.Header h -> Condition.any();
      case SearchQuery.Text t -> Condition.any();
    };
  }

  private static Condition join(List<SearchQuery> children, String op, long maxUid) {
    StringBuilder sql = new StringBuilder("(");
    List<Object> params = new ArrayList<>();
    boolean exact = true;
    boolean and = op.equals(" AND ");
    int parts = 0;
    for (SearchQuery child : children) {
      Condition c = compile(child, maxUid);
      exact &= c.exact();
      if (and && !c.exact() && c.sql().equals("1")) {
        continue; // "x AND 1" is x
      }
      if (parts++ > 0) {
        sql.append(op);
      }
      sql.append('(').append(c.sql()).append(')');
      params.addAll(c.parameters());
    }
    if (parts == 0) {
      return new Condition("1", List.of(), exact);
    }
    return new Condition(sql.append(')').toString(), params, exact);
  }

  private static Condition uids(List<UidSet.Range> ranges, long maxUid) {
    if (ranges.size() > MAX_SQL_RANGES) {
      return Condition.any();
    }
    StringBuilder sql = new StringBuilder();
    List<Object> params = new ArrayList<>();
    for (UidSet.Range r : ranges) {
      if (r.last() == 0 && maxUid == 0) {
        continue;
      }
      long hi = r.last() == 0 ? maxUid : r.last();
      if (!sql.isEmpty()) {
        sql.append(" OR ");
      }
      sql.append("uid BETWEEN ? AND ?");
      params.add(Math.min(r.first(), hi));
      params.add(Math.max(r.first(), hi));
    }
    if (sql.isEmpty()) {
      return new Condition("0", List.of(), true);
    }
    return new Condition(sql.toString(), params, true);
  }

  private static Condition date(SearchQuery.DateCompare d) {
    if (d.field() != SearchQuery.DateField.INTERNAL) {
      return Condition.any();
    }
    long start = d.date().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long next = d.date().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    return switch (d.comparison()) {
      case BEFORE -> new Condition("internal_date < ?", List.of(start), true);
      case ON ->
          new Condition("internal_date >= ? AND internal_date < ?", List.of(start, next), true);
      case SINCE -> new Condition("internal_date >= ?", List.of(start), true);
    };
  }
}
