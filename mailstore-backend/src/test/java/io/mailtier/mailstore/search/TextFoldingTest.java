package io.mailtier.mailstore.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextFoldingTest {
  @ParameterizedTest(name = "{0} ~ {1}")
  @CsvSource({
    "STRASSE, straße",
    "Straße, STRASSE",
    "MÜLLER, müller",
    "ŞEDINŢĂ, ședință",
    "Ședință, şedinţă",
    "МОСКВА, москва",
    "ЁЛКА, ёлка",
    "ΟΔΟΣ, οδος",
    "ﬁle, FILE",
    "Ｆｕｌｌ, full",
    "e\u0301te\u0301, été",
  })
  void equivalentSpellingsShouldFoldAlike(String a, String b) {
    assertThat(TextFolding.fold(a)).isEqualTo(TextFolding.fold(b));
  }

  @ParameterizedTest(name = "{0} !~ {1}")
  @CsvSource({"sedinta, ședință", "e, é", "МОСКВА, MOCKBA", "strase, straße"})
  void differentLettersShouldStayDifferent(String a, String b) {
    assertThat(TextFolding.fold(a)).isNotEqualTo(TextFolding.fold(b));
  }

  @ParameterizedTest
  @CsvSource({"abc\u0301def, 4", "ab\uD83D\uDE00cd, 3", "plain, 3"})
  void safeCutShouldNotSplitMarksOrSurrogates(String s, int at) {
    int cut = TextFolding.safeCut(s, at);
    assertThat(cut).isPositive().isLessThanOrEqualTo(at);
    assertThat(Character.isLowSurrogate(s.charAt(cut))).isFalse();
    assertThat(Character.getType(s.charAt(cut))).isNotEqualTo((int) Character.NON_SPACING_MARK);
  }
}
