package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.SearchKey;
import io.mailtier.frontend.imap.command.SequenceSet;
import io.mailtier.frontend.imap.session.MessageMap;
import io.mailtier.proto.mailstore.v1.SearchCriteriaList;
import io.mailtier.proto.mailstore.v1.SearchCriterion;
import io.mailtier.proto.mailstore.v1.SearchDate;
import io.mailtier.proto.mailstore.v1.SearchDateComparison;
import io.mailtier.proto.mailstore.v1.SearchDateCriterion;
import io.mailtier.proto.mailstore.v1.SearchDateField;
import io.mailtier.proto.mailstore.v1.SearchHeaderCriterion;
import io.mailtier.proto.mailstore.v1.SearchSizeCriterion;
import io.mailtier.proto.mailstore.v1.SearchTextCriterion;
import io.mailtier.proto.mailstore.v1.SearchTextScope;
import io.mailtier.proto.mailstore.v1.SearchUidSet;
import io.mailtier.proto.mailstore.v1.UidRange;

/**
 * Turns parsed search keys into the node's criteria tree. Message sequence numbers become UID
 * ranges through the session's message map; {@code *} is the last message (or highest UID) the
 * session knows; numbers past the end match nothing; {@code $} is the saved result (RFC 5182).
 */
final class SearchCriteria {
  private SearchCriteria() {}

  static SearchCriterion of(SearchKey key, MessageMap map) {
    SearchCriterion.Builder b = SearchCriterion.newBuilder();
    switch (key) {
      case SearchKey.All a -> b.setAll(true);
      case SearchKey.And a -> {
        SearchCriteriaList.Builder list = SearchCriteriaList.newBuilder();
        a.keys().forEach(k -> list.addCriteria(of(k, map)));
        b.setAnd(list);
      }
      case SearchKey.Or o ->
          b.setOr(
              SearchCriteriaList.newBuilder()
                  .addCriteria(of(o.left(), map))
                  .addCriteria(of(o.right(), map)));
      case SearchKey.Not n -> b.setNot(of(n.key(), map));
      case SearchKey.Sequence s -> b.setUids(sequenceNumbers(s.set(), map));
      case SearchKey.Uid u -> b.setUids(uids(u.set(), map));
      case SearchKey.Flag f -> {
        if (f.present()) {
          b.setFlagSet(f.flag());
        } else {
          b.setFlagUnset(f.flag());
        }
      }
      // no message is \Recent on this server: an empty UID set matches nothing
      case SearchKey.Recent r -> b.setUids(SearchUidSet.getDefaultInstance());
      case SearchKey.Date d -> b.setDate(date(d));
      case SearchKey.Size s ->
          b.setSize(SearchSizeCriterion.newBuilder().setLarger(s.larger()).setSize(s.size()));
      case SearchKey.Header h ->
          b.setHeader(SearchHeaderCriterion.newBuilder().setField(h.field()).setValue(h.value()));
      case SearchKey.Text t ->
          b.setText(
              SearchTextCriterion.newBuilder()
                  .setScope(
                      t.withHeader()
                          ? SearchTextScope.SEARCH_TEXT_SCOPE_TEXT
                          : SearchTextScope.SEARCH_TEXT_SCOPE_BODY)
                  .setValue(t.value()));
      case SearchKey.Modseq m -> b.setMinModseq(m.modseq());
    }
    return b.build();
  }

  /** Whether the keys use MODSEQ (the response then carries the highest modseq, RFC 7162). */
  static boolean usesModseq(SearchKey key) {
    return switch (key) {
      case SearchKey.Modseq m -> true;
      case SearchKey.And a -> a.keys().stream().anyMatch(SearchCriteria::usesModseq);
      case SearchKey.Or o -> usesModseq(o.left()) || usesModseq(o.right());
      case SearchKey.Not n -> usesModseq(n.key());
      default -> false;
    };
  }

  private static SearchUidSet saved(MessageMap map) {
    SearchUidSet.Builder out = SearchUidSet.newBuilder();
    for (long[] r : map.uidRangesOfUids(SequenceSet.SAVED)) {
      out.addRanges(range(r[0], r[1]));
    }
    return out.build();
  }

  private static SearchUidSet sequenceNumbers(SequenceSet set, MessageMap map) {
    if (set.isSaved()) {
      return saved(map);
    }
    SearchUidSet.Builder out = SearchUidSet.newBuilder();
    long size = map.size();
    if (size == 0) {
      return out.build();
    }
    for (SequenceSet.Range r : set.ranges()) {
      long low = r.low(size);
      long high = Math.min(r.high(size), size);
      if (low > size || low < 1) {
        continue;
      }
      out.addRanges(range(map.uid(low), map.uid(high)));
    }
    return out.build();
  }

  private static SearchUidSet uids(SequenceSet set, MessageMap map) {
    if (set.isSaved()) {
      return saved(map);
    }
    SearchUidSet.Builder out = SearchUidSet.newBuilder();
    long max = map.highestUid();
    for (SequenceSet.Range r : set.ranges()) {
      long low = Math.max(1, r.low(max));
      long high = r.high(max);
      if (high < low) {
        continue;
      }
      out.addRanges(range(low, high));
    }
    return out.build();
  }

  private static UidRange range(long first, long last) {
    return UidRange.newBuilder().setFirst((int) first).setLast((int) last).build();
  }

  private static SearchDateCriterion date(SearchKey.Date d) {
    SearchDateField field =
        switch (d.kind()) {
          case BEFORE, ON, SINCE -> SearchDateField.SEARCH_DATE_FIELD_INTERNAL;
          case SENTBEFORE, SENTON, SENTSINCE -> SearchDateField.SEARCH_DATE_FIELD_SENT;
        };
    SearchDateComparison cmp =
        switch (d.kind()) {
          case BEFORE, SENTBEFORE -> SearchDateComparison.SEARCH_DATE_COMPARISON_BEFORE;
          case ON, SENTON -> SearchDateComparison.SEARCH_DATE_COMPARISON_ON;
          case SINCE, SENTSINCE -> SearchDateComparison.SEARCH_DATE_COMPARISON_SINCE;
        };
    return SearchDateCriterion.newBuilder()
        .setField(field)
        .setComparison(cmp)
        .setDate(
            SearchDate.newBuilder()
                .setYear(d.date().getYear())
                .setMonth(d.date().getMonthValue())
                .setDay(d.date().getDayOfMonth()))
        .build();
  }
}
