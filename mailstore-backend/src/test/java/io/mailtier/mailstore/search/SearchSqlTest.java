package io.mailtier.mailstore.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.mailstore.storage.UidSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSqlTest {
  @Test
  void metadataCriteriaShouldBecomeExactConditions() {
    var c =
        SearchSql.compile(
            new SearchQuery.And(
                List.of(
                    new SearchQuery.Flag("\\Seen", false),
                    new SearchQuery.Size(true, 10),
                    new SearchQuery.Uids(List.of(new UidSet.Range(3, 0))))),
            9);
    assertThat(c.exact()).isTrue();
    assertThat(c.sql()).contains("instr(").contains("size > ?").contains("uid BETWEEN ? AND ?");
    assertThat(c.parameters()).containsExactly(" \\seen ", 10L, 3L, 9L);
  }

  @Test
  void contentCriteriaShouldNotFilterAndNotOverThemShouldNotEither() {
    var text = new SearchQuery.Text(false, "x");
    assertThat(SearchSql.compile(text, 1).sql()).isEqualTo("1");
    assertThat(SearchSql.compile(text, 1).exact()).isFalse();
    var not = SearchSql.compile(new SearchQuery.Not(text), 1);
    assertThat(not.sql()).isEqualTo("1");
    var and =
        SearchSql.compile(new SearchQuery.And(List.of(text, new SearchQuery.MinModseq(5))), 1);
    assertThat(and.sql()).isEqualTo("((modseq >= ?))");
    assertThat(and.exact()).isFalse();
  }

  @Test
  void internalDateOnShouldBeOneUtcDay() {
    var c =
        SearchSql.compile(
            new SearchQuery.DateCompare(
                SearchQuery.DateField.INTERNAL,
                SearchQuery.Comparison.ON,
                LocalDate.of(1970, 1, 2)),
            0);
    assertThat(c.parameters()).containsExactly(86_400_000L, 172_800_000L);
  }

  @Test
  void starInAnEmptyFolderAndHugeSetsShouldStaySafe() {
    assertThat(SearchSql.compile(new SearchQuery.Uids(List.of(new UidSet.Range(1, 0))), 0).sql())
        .isEqualTo("0");
    List<UidSet.Range> many = new ArrayList<>();
    for (int i = 1; i < 2000; i += 2) {
      many.add(new UidSet.Range(i, i));
    }
    assertThat(SearchSql.compile(new SearchQuery.Uids(many), 5000).sql()).isEqualTo("1");
  }
}
