package io.mailtier.mailstore.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.mailstore.search.SearchAbortedException;
import io.mailtier.mailstore.search.SearchLimits;
import io.mailtier.mailstore.search.SearchQuery;
import io.mailtier.mailstore.search.SearchResult;
import io.mailtier.mailstore.storage.MailStorage;
import io.mailtier.mailstore.storage.StorageException;
import io.mailtier.mailstore.storage.UidSet;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import io.mailtier.proto.mailstore.v1.SearchCriterion;
import io.mailtier.proto.mailstore.v1.SearchDate;
import io.mailtier.proto.mailstore.v1.SearchRequest;
import io.mailtier.proto.mailstore.v1.SearchResponse;
import io.mailtier.proto.mailstore.v1.UidRange;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Search RPC: turns the request's criteria tree into a {@link SearchQuery} and runs it. */
final class SearchCall {
  private static final Logger log = LoggerFactory.getLogger(SearchCall.class);

  private final MailStorage storage;
  private final long nodeMaxBytesScanned;

  SearchCall(MailStorage storage, long nodeMaxBytesScanned) {
    this.storage = storage;
    this.nodeMaxBytesScanned = nodeMaxBytesScanned;
  }

  /** Runs a request; throws a gRPC status exception on failure. */
  SearchResponse run(SearchRequest req) {
    if (req.getAccount().isEmpty()) {
      throw invalid("account is required");
    }
    SearchQuery query = req.hasCriteria() ? query(req.getCriteria(), 1) : new SearchQuery.All();
    long budget = nodeMaxBytesScanned;
    if (req.getMaxBytesScanned() > 0) {
      budget = Math.min(budget, req.getMaxBytesScanned());
    }
    Context context = Context.current();
    SearchLimits limits = new SearchLimits(budget, context::isCancelled);
    SearchResult r;
    try {
      r =
          storage.search(
              req.getAccount(),
              req.getFolder(),
              query,
              Integer.toUnsignedLong(req.getUidValidity()),
              limits);
    } catch (SearchAbortedException e) {
      if (e.kind() == SearchAbortedException.Kind.BUDGET_EXCEEDED) {
        log.info(
            "search in {} of {} stopped: {}",
            MailStoreService.sanitize(req.getFolder()),
            MailStoreService.sanitize(req.getAccount()),
            e.getMessage());
        throw GrpcErrors.error(
            Status.Code.RESOURCE_EXHAUSTED, ErrorReason.INVALID_REQUEST, e.getMessage());
      }
      throw Status.CANCELLED.withDescription("search cancelled").asRuntimeException();
    }
    SearchResponse.Builder b = SearchResponse.newBuilder().setBytesScanned(r.bytesScanned());
    r.uids().forEach(uid -> b.addUids((int) (long) uid));
    if (req.getReturnHighestModseq()) {
      b.setHighestModseq(r.highestModseq());
    }
    return b.build();
  }

  /** The query of a criterion; depth is checked here so a hostile tree cannot overflow a stack. */
  static SearchQuery query(SearchCriterion c, int depth) {
    if (depth > SearchQuery.MAX_DEPTH) {
      throw invalid("search criteria nested deeper than " + SearchQuery.MAX_DEPTH);
    }
    return switch (c.getCriterionCase()) {
      case ALL -> {
        if (!c.getAll()) {
          throw invalid("criteria.all must be true");
        }
        yield new SearchQuery.All();
      }
      case AND -> new SearchQuery.And(children(c.getAnd().getCriteriaList(), depth));
      case OR -> new SearchQuery.Or(children(c.getOr().getCriteriaList(), depth));
      case NOT -> new SearchQuery.Not(query(c.getNot(), depth + 1));
      case UIDS -> {
        List<UidSet.Range> ranges = new ArrayList<>();
        if (c.getUids().getRangesCount() > UidSet.MAX_RANGES) {
          throw invalid("more than " + UidSet.MAX_RANGES + " UID ranges");
        }
        for (UidRange r : c.getUids().getRangesList()) {
          ranges.add(
              new UidSet.Range(
                  Integer.toUnsignedLong(r.getFirst()), Integer.toUnsignedLong(r.getLast())));
        }
        yield new SearchQuery.Uids(ranges);
      }
      case FLAG_SET -> new SearchQuery.Flag(c.getFlagSet(), true);
      case FLAG_UNSET -> new SearchQuery.Flag(c.getFlagUnset(), false);
      case DATE -> {
        var d = c.getDate();
        SearchQuery.DateField field =
            switch (d.getField()) {
              case SEARCH_DATE_FIELD_INTERNAL -> SearchQuery.DateField.INTERNAL;
              case SEARCH_DATE_FIELD_SENT -> SearchQuery.DateField.SENT;
              default -> throw invalid("criteria.date.field is required");
            };
        SearchQuery.Comparison cmp =
            switch (d.getComparison()) {
              case SEARCH_DATE_COMPARISON_BEFORE -> SearchQuery.Comparison.BEFORE;
              case SEARCH_DATE_COMPARISON_ON -> SearchQuery.Comparison.ON;
              case SEARCH_DATE_COMPARISON_SINCE -> SearchQuery.Comparison.SINCE;
              default -> throw invalid("criteria.date.comparison is required");
            };
        yield new SearchQuery.DateCompare(field, cmp, date(d.getDate()));
      }
      case SIZE -> new SearchQuery.Size(c.getSize().getLarger(), c.getSize().getSize());
      case HEADER -> new SearchQuery.Header(c.getHeader().getField(), c.getHeader().getValue());
      case TEXT ->
          switch (c.getText().getScope()) {
            case SEARCH_TEXT_SCOPE_BODY -> new SearchQuery.Text(false, c.getText().getValue());
            case SEARCH_TEXT_SCOPE_TEXT -> new SearchQuery.Text(true, c.getText().getValue());
            default -> throw invalid("criteria.text.scope is required");
          };
      case MIN_MODSEQ -> new SearchQuery.MinModseq(c.getMinModseq());
      case CRITERION_NOT_SET -> throw invalid("a search criterion is empty");
    };
  }

  private static List<SearchQuery> children(List<SearchCriterion> list, int depth) {
    if (list.isEmpty()) {
      throw invalid("an empty AND or OR in search criteria");
    }
    if (list.size() > SearchQuery.MAX_NODES) {
      throw invalid("more than " + SearchQuery.MAX_NODES + " search criteria");
    }
    List<SearchQuery> out = new ArrayList<>(list.size());
    for (SearchCriterion c : list) {
      out.add(query(c, depth + 1));
    }
    return out;
  }

  private static LocalDate date(SearchDate d) {
    try {
      return LocalDate.of((int) d.getYear(), (int) d.getMonth(), (int) d.getDay());
    } catch (DateTimeException e) {
      throw invalid("invalid date in search criteria");
    }
  }

  private static StorageException invalid(String message) {
    return new StorageException(StorageException.Reason.INVALID_REQUEST, message);
  }
}
