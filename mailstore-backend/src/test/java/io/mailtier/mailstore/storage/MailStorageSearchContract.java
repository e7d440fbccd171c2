package io.mailtier.mailstore.storage;

import static io.mailtier.mailstore.storage.MailStorageContract.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.mailstore.search.SearchAbortedException;
import io.mailtier.mailstore.search.SearchCorpus;
import io.mailtier.mailstore.search.SearchLimits;
import io.mailtier.mailstore.search.SearchQuery;
import io.mailtier.mailstore.search.SearchQuery.Comparison;
import io.mailtier.mailstore.search.SearchQuery.DateField;
import io.mailtier.mailstore.search.SearchResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SEARCH as every {@link MailStorage} must execute it. The fixture folder holds, by UID: 1 German,
 * 2 Romanian, 3 Russian, 4 multipart, 5 and 6 plain ASCII with flags, sizes and dates of their own.
 */
public interface MailStorageSearchContract {
  MailStorage storage();

  default void fixture() {
    MailStorage s = storage();
    s.provisionAccount(ALICE, "", null, 0, 0);
    s.append(ALICE, "INBOX", Set.of("\\Seen"), at("2026-03-02T09:00:00Z"), SearchCorpus.german());
    s.append(ALICE, "INBOX", Set.of(), at("2026-03-03T07:30:00Z"), SearchCorpus.romanian());
    s.append(
        ALICE, "INBOX", Set.of("\\Flagged"), at("2026-03-05T04:30:00Z"), SearchCorpus.cyrillic());
    s.append(
        ALICE,
        "INBOX",
        Set.of("$Work", "\\Seen"),
        at("2026-03-05T12:00:00Z"),
        SearchCorpus.multipart());
    s.append(
        ALICE,
        "INBOX",
        Set.of("\\Answered", "\\Seen"),
        at("2026-03-06T23:59:59Z"),
        SearchCorpus.plain("tiny", "x"));
    s.append(
        ALICE,
        "INBOX",
        Set.of("\\Deleted"),
        at("2026-03-07T00:00:00Z"),
        SearchCorpus.plain("large one", "y".repeat(5000)));
  }

  private static Instant at(String s) {
    return Instant.parse(s);
  }

  private List<Long> search(SearchQuery q) {
    return storage().search(ALICE, "INBOX", q, 0, SearchLimits.unbounded()).uids();
  }

  private static SearchQuery header(String field, String value) {
    return new SearchQuery.Header(field, value);
  }

  private static SearchQuery body(String value) {
    return new SearchQuery.Text(false, value);
  }

  private static SearchQuery text(String value) {
    return new SearchQuery.Text(true, value);
  }

  // ------------------------------------------------------------------ metadata

  @Test
  default void allShouldReturnEveryUidAscending() {
    fixture();
    assertThat(search(new SearchQuery.All())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  default void flagsShouldMatchCaseInsensitivelyAndNegate() {
    fixture();
    assertThat(search(new SearchQuery.Flag("\\seen", true))).containsExactly(1L, 4L, 5L);
    assertThat(search(new SearchQuery.Flag("\\Seen", false))).containsExactly(2L, 3L, 6L);
    assertThat(search(new SearchQuery.Flag("$work", true))).containsExactly(4L);
    assertThat(search(new SearchQuery.Flag("$Worker", true))).isEmpty();
    assertThat(search(new SearchQuery.Not(new SearchQuery.Flag("\\Deleted", true))))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  default void sizesShouldCompareStrictly() {
    fixture();
    long size6 = storage().fetch(ALICE, "INBOX", UidSet.of(6, 6), 0, false).get(0).size();
    assertThat(search(new SearchQuery.Size(true, 4000))).containsExactly(6L);
    assertThat(search(new SearchQuery.Size(true, size6))).isEmpty();
    assertThat(search(new SearchQuery.Size(false, size6))).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  default void internalDatesShouldCompareAsUtcDates() {
    fixture();
    LocalDate mar5 = LocalDate.of(2026, 3, 5);
    assertThat(search(new SearchQuery.DateCompare(DateField.INTERNAL, Comparison.ON, mar5)))
        .containsExactly(3L, 4L);
    assertThat(search(new SearchQuery.DateCompare(DateField.INTERNAL, Comparison.BEFORE, mar5)))
        .containsExactly(1L, 2L);
    assertThat(search(new SearchQuery.DateCompare(DateField.INTERNAL, Comparison.SINCE, mar5)))
        .containsExactly(3L, 4L, 5L, 6L);
  }

  @Test
  default void sentDatesShouldUseTheDateFieldInItsOwnZone() {
    fixture();
    // message 3 was sent Wed, 04 Mar 2026 23:30 -0500 (05 Mar in UTC, its internal date)
    assertThat(
            search(
                new SearchQuery.DateCompare(
                    DateField.SENT, Comparison.ON, LocalDate.of(2026, 3, 4))))
        .containsExactly(3L);
    assertThat(
            search(
                new SearchQuery.DateCompare(
                    DateField.SENT, Comparison.SINCE, LocalDate.of(2026, 3, 5))))
        .containsExactly(4L, 5L, 6L);
    assertThat(
            search(
                new SearchQuery.DateCompare(
                    DateField.SENT, Comparison.BEFORE, LocalDate.of(2026, 3, 3))))
        .containsExactly(1L);
  }

  @Test
  default void uidRangesShouldResolveStarAndBackwardsRanges() {
    fixture();
    assertThat(
            search(new SearchQuery.Uids(List.of(new UidSet.Range(5, 0), new UidSet.Range(2, 1)))))
        .containsExactly(1L, 2L, 5L, 6L);
    assertThat(search(new SearchQuery.Uids(List.of()))).isEmpty();
    assertThat(search(new SearchQuery.Uids(List.of(new UidSet.Range(100, 0))))).containsExactly(6L);
  }

  @Test
  default void orAndNotShouldCombine() {
    fixture();
    SearchQuery q =
        new SearchQuery.Or(
            List.of(
                new SearchQuery.Flag("\\Flagged", true),
                new SearchQuery.And(
                    List.of(
                        new SearchQuery.Flag("\\Seen", true),
                        new SearchQuery.Not(new SearchQuery.Size(false, 1000))))));
    List<Long> expected =
        storage().fetch(ALICE, "INBOX", UidSet.all(), 0, false).stream()
            .filter(m ->
                m.flags().contains("\\Flagged")
                    || (m.flags().contains("\\Seen") && m.size() >= 1000))
            .map(StoredMessage::uid)
            .toList();
    assertThat(expected).contains(3L).doesNotContain(2L, 5L, 6L);
    assertThat(search(q)).isEqualTo(expected);
  }

  @Test
  default void modseqShouldFilterAndReportTheHighestMatch() {
    fixture();
    var r = storage().search(ALICE, "INBOX", new SearchQuery.All(), 0, SearchLimits.unbounded());
    long m4 = storage().fetch(ALICE, "INBOX", UidSet.of(4, 4), 0, false).get(0).modseq();
    long max =
        storage().fetch(ALICE, "INBOX", UidSet.all(), 0, false).stream()
            .mapToLong(StoredMessage::modseq)
            .max()
            .orElseThrow();
    assertThat(r.highestModseq()).isEqualTo(max);
    assertThat(search(new SearchQuery.MinModseq(m4))).contains(4L).doesNotContain(1L, 2L, 3L);
  }

  // --------------------------------------------------------------- header text

  @Test
  default void germanSubjectShouldMatchSharpSAsDoubleS() {
    fixture();
    assertThat(search(header("Subject", "HAUPTSTRASSE"))).containsExactly(1L);
    assertThat(search(header("Subject", "hauptstraße"))).containsExactly(1L);
    assertThat(search(header("SUBJECT", "umzug IN"))).containsExactly(1L);
  }

  @Test
  default void encodedFromShouldBeDecodedBeforeMatching() {
    fixture();
    assertThat(search(header("From", "jürgen müller"))).containsExactly(1L);
    assertThat(search(header("From", "MÜLLER"))).containsExactly(1L);
    assertThat(search(header("From", "иван"))).containsExactly(3L);
    assertThat(search(header("From", "juergen@example.de"))).containsExactly(1L);
  }

  @Test
  default void romanianCommaAndCedillaShouldBeTheSameLetter() {
    fixture();
    // subject written with comma below (U+0219, U+021B), searched with cedilla, upper case
    assertThat(search(header("Subject", "ŞEDINŢĂ"))).containsExactly(2L);
    assertThat(search(header("Subject", "BUCUREȘTI"))).containsExactly(2L);
    // body (ISO-8859-2, cedilla), searched with comma below
    assertThat(search(body("ȘEDINȚĂ ÎN TIMIȘOARA"))).containsExactly(2L);
    // other diacritics stay significant
    assertThat(search(body("sedinta"))).isEmpty();
  }

  @Test
  default void cyrillicShouldMatchCaseInsensitivelyInKoi8() {
    fixture();
    assertThat(search(header("Subject", "ПРИВЕТ ИЗ москвы"))).containsExactly(3L);
    assertThat(search(body("ФРАНЦУЗСКИХ БУЛОК"))).containsExactly(3L);
    assertThat(search(body("съешь же ЕЩЁ"))).containsExactly(3L);
  }

  @Test
  default void headerWithEmptyValueShouldMatchPresence() {
    fixture();
    assertThat(search(header("X-Project", ""))).containsExactly(4L);
    assertThat(search(header("x-project", "apol"))).containsExactly(4L);
    assertThat(search(header("Cc", "carol"))).containsExactly(4L);
    assertThat(search(header("Bcc", "DAVE@"))).containsExactly(4L);
    assertThat(search(header("X-Missing", ""))).isEmpty();
  }

  // ----------------------------------------------------------------- body text

  @Test
  default void bodyShouldDecodeQuotedPrintableAndBase64Parts() {
    fixture();
    assertThat(search(body("GROSS UND LIEGT"))).containsExactly(1L);
    assertThat(search(body("café CRÈME"))).containsExactly(4L);
  }

  @Test
  default void bodyShouldSkipNonTextPartsButSeeEmbeddedMessages() {
    fixture();
    assertThat(search(body("hiddenpassword"))).isEmpty();
    assertThat(search(body("zeppelins"))).containsExactly(4L);
    assertThat(search(body("forwarded minutes"))).containsExactly(4L);
  }

  @Test
  default void bodyShouldNotSearchTheTopLevelHeaderButTextShould() {
    fixture();
    assertThat(search(body("Quarterly"))).isEmpty();
    assertThat(search(text("Quarterly"))).containsExactly(4L);
    assertThat(search(text("subject: quarterly report"))).containsExactly(4L);
    assertThat(search(text("figures"))).containsExactly(4L);
  }

  @Test
  default void contentCriteriaShouldCombineWithMetadata() {
    fixture();
    SearchQuery q =
        new SearchQuery.And(
            List.of(new SearchQuery.Flag("\\Seen", false), new SearchQuery.Not(body("булок"))));
    assertThat(search(q)).containsExactly(2L, 6L);
  }

  @Test
  default void matchesAcrossReadChunksShouldBeFound() {
    MailStorage s = storage();
    s.provisionAccount(ALICE, "", null, 0, 0);
    // the needle straddles every plausible chunk boundary somewhere in this body
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      b.append("filler ").append(i).append(' ');
    }
    b.append("needle-in-a-haystack");
    s.append(ALICE, "INBOX", Set.of(), null, SearchCorpus.plain("big", b.toString()));
    assertThat(search(body("NEEDLE-IN-A-HAYSTACK"))).containsExactly(1L);
    assertThat(search(body("filler 2999 needle"))).containsExactly(1L);
  }

  @Test
  default void veryLongLinesShouldBeSearchedToTheEnd() {
    MailStorage s = storage();
    s.provisionAccount(ALICE, "", null, 0, 0);
    String line = "z".repeat(3 * 1024 * 1024) + " Endstation";
    s.append(ALICE, "INBOX", Set.of(), null, SearchCorpus.plain("long line", line));
    assertThat(search(body("ENDSTATION"))).containsExactly(1L);
  }

  @Test
  default void malformedMimeShouldStillBeSearchable() {
    MailStorage s = storage();
    s.provisionAccount(ALICE, "", null, 0, 0);
    byte[] broken =
        ("Subject: =?UTF-8?B?not base64!?= broken\r\n"
                + "Content-Type: multipart/mixed; boundary=\"never\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + "no boundary ever comes, Kaffee\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    s.append(ALICE, "INBOX", Set.of(), null, broken);
    assertThat(search(header("Subject", "broken"))).containsExactly(1L);
    assertThat(search(new SearchQuery.Not(body("nothing-here")))).containsExactly(1L);
  }

  // -------------------------------------------------------------------- limits

  @Test
  default void byteBudgetShouldStopTheSearch() {
    fixture();
    SearchLimits tight = new SearchLimits(2000, () -> false);
    assertThatThrownBy(() -> storage().search(ALICE, "INBOX", body("nothing"), 0, tight))
        .isInstanceOf(SearchAbortedException.class)
        .extracting(e -> ((SearchAbortedException) e).kind())
        .isEqualTo(SearchAbortedException.Kind.BUDGET_EXCEEDED);
    // metadata-only searches read no content at all
    SearchResult r = storage().search(ALICE, "INBOX", new SearchQuery.Size(true, 1), 0, tight);
    assertThat(r.bytesScanned()).isZero();
    assertThat(r.uids()).hasSize(6);
  }

  @Test
  default void cancellationShouldStopTheSearch() {
    fixture();
    AtomicInteger polls = new AtomicInteger();
    SearchLimits limits = new SearchLimits(1 << 20, () -> polls.incrementAndGet() > 3);
    assertThatThrownBy(() -> storage().search(ALICE, "INBOX", body("nothing"), 0, limits))
        .isInstanceOf(SearchAbortedException.class)
        .extracting(e -> ((SearchAbortedException) e).kind())
        .isEqualTo(SearchAbortedException.Kind.CANCELLED);
  }

  @Test
  default void hostileTreesAndUnknownFoldersShouldBeRefused() {
    fixture();
    SearchQuery deep = new SearchQuery.All();
    for (int i = 0; i < 100; i++) {
      deep = new SearchQuery.Not(deep);
    }
    SearchQuery q = deep;
    MailStorageContract.assertFails(
        StorageException.Reason.INVALID_REQUEST,
        () -> storage().search(ALICE, "INBOX", q, 0, SearchLimits.unbounded()));
    MailStorageContract.assertFails(
        StorageException.Reason.FOLDER_NOT_FOUND,
        () -> storage().search(ALICE, "Nope", new SearchQuery.All(), 0, SearchLimits.unbounded()));
    MailStorageContract.assertFails(
        StorageException.Reason.UIDVALIDITY_CHANGED,
        () ->
            storage()
                .search(
                    ALICE,
                    "INBOX",
                    new SearchQuery.All(),
                    storage().folderStatus(ALICE, "INBOX").uidValidity() + 1,
                    SearchLimits.unbounded()));
  }
}
