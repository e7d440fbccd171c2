package io.mailtier.mailstore.search;

import io.mailtier.mailstore.storage.StoredMessage;
import io.mailtier.mailstore.storage.UidSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a {@link SearchQuery} exactly on the candidate messages a database pre-filter left (see
 * {@link SearchSql}). Criteria on metadata are decided first; the message content is read at most
 * once per message, only when a content criterion still decides the outcome.
 */
public final class SearchEngine {
  private static final Logger log = LoggerFactory.getLogger(SearchEngine.class);

  /** Opens a message's content. */
  @FunctionalInterface
  public interface ContentSource {
    InputStream open(StoredMessage message) throws IOException;
  }

  private final SearchQuery query;
  private final long maxUid;
  private final MessageScanner scanner;
  private final Map<SearchQuery, Boolean> needsContent = new IdentityHashMap<>();

  /**
   * @param maxUid the folder's highest UID, for {@code *} in UID ranges
   */
  public SearchEngine(SearchQuery query, long maxUid) {
    this.query = query;
    this.maxUid = maxUid;
    this.scanner = new MessageScanner(query);
  }

  /** The matching messages among {@code candidates} (ascending UIDs), within the limits. */
  public SearchResult run(
      List<StoredMessage> candidates, SearchLimits limits, ContentSource content) {
    MessageScanner.Budget budget =
        new MessageScanner.Budget(limits.maxBytesScanned(), limits.cancelled());
    List<Long> uids = new ArrayList<>();
    long highest = 0;
    for (StoredMessage m : candidates) {
      budget.checkCancelled();
      Evaluation e = new Evaluation(m, budget, content);
      if (e.matches(query)) {
        uids.add(m.uid());
        highest = Math.max(highest, m.modseq());
      }
    }
    return new SearchResult(uids, highest, budget.used());
  }

  private boolean needsContent(SearchQuery q) {
    return needsContent.computeIfAbsent(q, SearchQuery::needsContent);
  }

  /** The evaluation of the query on one message; the content is scanned lazily, once. */
  private final class Evaluation {
    private final StoredMessage message;
    private final MessageScanner.Budget budget;
    private final ContentSource source;
    private Set<String> lowerFlags;
    private MessageScanner.Facts facts;

    Evaluation(StoredMessage message, MessageScanner.Budget budget, ContentSource source) {
      this.message = message;
      this.budget = budget;
      this.source = source;
    }

    boolean matches(SearchQuery q) {
      return switch (q) {
        case SearchQuery.All a -> true;
        case SearchQuery.And a -> all(a.children());
        case SearchQuery.Or o -> any(o.children());
        case SearchQuery.Not n -> !matches(n.child());
        case SearchQuery.Uids u -> inRanges(u.ranges());
        case SearchQuery.Flag f ->
            flags().contains(f.flag().toLowerCase(Locale.ROOT)) == f.present();
        case SearchQuery.Size s ->
            s.larger() ? message.size() > s.size() : message.size() < s.size();
        case SearchQuery.MinModseq m -> message.modseq() >= m.modseq();
        case SearchQuery.DateCompare d -> compare(date(d.field()), d.comparison(), d.date());
        case SearchQuery.Header h -> facts() != null && facts().headers().contains(h);
        case SearchQuery.Text t ->
            facts() != null
                && (t.withHeader() ? facts().text() : facts().body())
                    .contains(MessageScanner.needle(t.value()));
      };
    }

    /** AND: cheap children first, so content is read only when it can still matter. */
    private boolean all(List<SearchQuery> children) {
      for (SearchQuery c : children) {
        if (!needsContent(c) && !matches(c)) {
          return false;
        }
      }
      for (SearchQuery c : children) {
        if (needsContent(c) && !matches(c)) {
          return false;
        }
      }
      return true;
    }

    /** OR: cheap children first. */
    private boolean any(List<SearchQuery> children) {
      for (SearchQuery c : children) {
        if (!needsContent(c) && matches(c)) {
          return true;
        }
      }
      for (SearchQuery c : children) {
        if (needsContent(c) && matches(c)) {
          return true;
        }
      }
      return false;
    }

    private boolean inRanges(List<UidSet.Range> ranges) {
      long uid = message.uid();
      for (UidSet.Range r : ranges) {
        long hi = r.last() == 0 ? maxUid : r.last();
        long lo = r.first();
        if (r.last() == 0 && maxUid == 0) {
          continue;
        }
        if (uid >= Math.min(lo, hi) && uid <= Math.max(lo, hi)) {
          return true;
        }
      }
      return false;
    }

    private Set<String> flags() {
      if (lowerFlags == null) {
        lowerFlags = new TreeSet<>();
        for (String f : message.flags()) {
          lowerFlags.add(f.toLowerCase(Locale.ROOT));
        }
      }
      return lowerFlags;
    }

    private LocalDate date(SearchQuery.DateField field) {
      LocalDate internal = LocalDate.ofInstant(message.internalDate(), ZoneOffset.UTC);
      if (field == SearchQuery.DateField.INTERNAL) {
        return internal;
      }
      MessageScanner.Facts f = facts();
      return f == null || f.sentDate() == null ? internal : f.sentDate();
    }

    private static boolean compare(
        LocalDate actual, SearchQuery.Comparison comparison, LocalDate wanted) {
      return switch (comparison) {
        case BEFORE -> actual.isBefore(wanted);
        case ON -> actual.isEqual(wanted);
        case SINCE -> !actual.isBefore(wanted);
      };
    }

    /** The scanned facts; null when the content is gone (expunged meanwhile) or unreadable. */
    private MessageScanner.Facts facts() {
      if (facts == null) {
        try (InputStream in = source.open(message)) {
          facts = scanner.scan(in, budget);
        } catch (NoSuchFileException e) {
          facts = EMPTY;
        } catch (IOException e) {
          log.warn("search: cannot read message uid {}: {}", message.uid(), e.toString());
          facts = EMPTY;
        }
      }
      return facts == EMPTY ? null : facts;
    }
  }

  private static final MessageScanner.Facts EMPTY =
      new MessageScanner.Facts(Set.of(), Set.of(), Set.of(), null);
}
