package io.mailtier.mailstore.search;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normalization applied to both the searched text and the string searched for, so that a
 * plain substring test is a case-insensitive, internationalized match (ADR 0045):
 *
 * <ol>
 *   <li>Unicode NFKC (compatibility forms: ligatures, full-width letters, composed accents);
 *   <li>full case folding, done as upper-case then lower-case in {@link Locale#ROOT}: German {@code
 *       ß} folds like {@code SS}, so {@code STRASSE} finds {@code Straße}; Greek final sigma folds
 *       like sigma; Cyrillic and Latin letters fold to lower case;
 *   <li>Romanian {@code ș ț} (comma below) are the same letters as {@code ş ţ} (cedilla), as legacy
 *       charsets (ISO-8859-2, Windows-1250) only have the cedilla forms;
 *   <li>NFKC again, because case mapping can produce decomposed sequences.
 * </ol>
 *
 * Other diacritics stay significant: {@code e} does not find {@code é}.
 */
public final class TextFolding {
  private TextFolding() {}

  /** The folded form of a string. */
  public static String fold(CharSequence s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
    String cased = n.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    StringBuilder out = null;
    for (int i = 0; i < cased.length(); i++) {
      char c = cased.charAt(i);
      char r =
          switch (c) {
            case '\u0219' -> '\u015F'; // s with comma below -> s with cedilla
            case '\u021B' -> '\u0163'; // t with comma below -> t with cedilla
            case '\u03C2' -> '\u03C3'; // final sigma -> sigma
            default -> c;
          };
      if (r != c && out == null) {
        out = new StringBuilder(cased);
      }
      if (out != null) {
        out.setCharAt(i, r);
      }
    }
    String mapped = out == null ? cased : out.toString();
    return Normalizer.isNormalized(mapped, Normalizer.Form.NFKC)
        ? mapped
        : Normalizer.normalize(mapped, Normalizer.Form.NFKC);
  }

  /**
   * Where a text may be cut into independently folded pieces: not inside a surrogate pair and not
   * before a combining mark (which would compose with the character before it). Returns a cut
   * position at or before {@code at}, greater than 0 when possible.
   */
  static int safeCut(CharSequence s, int at) {
    int i = Math.min(at, s.length());
    while (i > 0 && i < s.length() && !isBoundary(s, i)) {
      i--;
    }
    return i == 0 ? Math.min(at, s.length()) : i;
  }

  private static boolean isBoundary(CharSequence s, int i) {
    char c = s.charAt(i);
    if (Character.isLowSurrogate(c)) {
      return false;
    }
    int type = Character.getType(Character.codePointAt(s, i));
    return type != Character.NON_SPACING_MARK
        && type != Character.COMBINING_SPACING_MARK
        && type != Character.ENCLOSING_MARK;
  }
}
