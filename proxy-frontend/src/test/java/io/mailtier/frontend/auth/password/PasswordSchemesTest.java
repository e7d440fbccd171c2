package io.mailtier.frontend.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every stored value below was made by an independent implementation on a Debian 12 machine, with
 * the password {@link #PASSWORD} given as UTF-8 ({@code P='Tr0ub4dor&3 pässwörd'}):
 *
 * <ul>
 *   <li>OpenLDAP 2.5.13 {@code slappasswd -s "$P" -h <scheme>}; the SHA-2 schemes with {@code -o
 *       module-path=/usr/lib/ldap -o module-load=pw-sha2}, PBKDF2 with {@code
 *       module-load=pw-pbkdf2} (package slapd-contrib), ARGON2 with {@code module-load=argon2};
 *       CRYPT with {@code -c '$6$%.16s'}, {@code -c '$5$%.16s'}, {@code -c '$1$%.8s'};
 *   <li>OpenSSL 3.0 {@code openssl passwd -6 / -5 / -1 "$P"};
 *   <li>Apache {@code htpasswd -nbB -C 5 u "$P"} (bcrypt $2y$);
 *   <li>Python 3.11 {@code crypt.crypt} (libxcrypt): bcrypt $2b$ and $2a$, SHA-512 crypt with
 *       {@code rounds=10000}, and bcrypt of {@code 'x' * 80};
 *   <li>Python 3.11 {@code hashlib.pbkdf2_hmac('sha256', …, 12000)} formatted as pw-pbkdf2 does,
 *       and {@code hashlib.sha512(p + salt)} formatted as {SSHA512};
 *   <li>the Debian {@code argon2} CLI (20171227): {@code echo -n "$P" | argon2 somesaltsalt16by -id
 *       -t 2 -m 10 -p 1 -e} and {@code … argon2 othersaltsalt16b -i -t 3 -m 12 -p 2 -e}, prefixed
 *       with {ARGON2}.
 * </ul>
 */
class PasswordSchemesTest {
  static final String PASSWORD = "Tr0ub4dor&3 pässwörd";

  static Stream<Arguments> storedValues() {
    return Stream.of(
        Arguments.of("slappasswd {SSHA}", "{SSHA}VORmRHT+0KbgoQV33rwKy0gtE2R+FhFD"),
        Arguments.of("slappasswd {SHA}", "{SHA}4f0lwdsRGJZ8CnQXe8eQOOc4py4="),
        Arguments.of("slappasswd {MD5}", "{MD5}v42yrBEfK5LfniIWQZDamw=="),
        Arguments.of("slappasswd {SMD5}", "{SMD5}/Apg/+jtUJp86jNfF+j3vOwEAlk="),
        Arguments.of(
            "slappasswd pw-sha2 {SHA256}", "{SHA256}2r2QgXYcNTqExd/CaFKGCPIk18FXSB+3TgeBELSvJXg="),
        Arguments.of(
            "slappasswd pw-sha2 {SSHA256}",
            "{SSHA256}7MHxqPBpb7rh2GRf7moFnqbVL+yj6FnuD5vapPSqT2NVMU0kRp7u/w=="),
        Arguments.of(
            "slappasswd pw-sha2 {SHA384}",
            "{SHA384}vIcuCtmv8p98HrkW71QnyoeHPrOySdTQHIwGEfDmXEZ7pFBGUNgNFLueU/c0d3eX"),
        Arguments.of(
            "slappasswd pw-sha2 {SSHA384}",
            "{SSHA384}+GenHqyW4CoSohUjfL51zALUg5ymhq8umVAAevGSVQrgxMT1PXVULmoJ0QR1y8f6Z6/NqGw52jc="),
        Arguments.of(
            "slappasswd pw-sha2 {SHA512}",
            "{SHA512}J2bHxfzm1vKRYgD5o6cFI1c5KZ2vy67T0DoNrsIrTWk/XuAY0jdu0ETwD9uULovSZ4xcJkfQT+lrMiIbXubcgA=="),
        Arguments.of(
            "slappasswd pw-sha2 {SSHA512}",
            "{SSHA512}Dd9ljAJYKXe/mynQ3+FwK6GWNTeo0/W4UuhirugLY8eMypJIzjHtLNh7cXpC/rimM8HNSiqhhpgMT6pGIFoHb/2mOS6Oj5DM"),
        Arguments.of(
            "python hashlib {SSHA512}",
            "{SSHA512}KGs+Itvx1uwn42ZooY96r7ERqBzHS6V8sEAXbNUFo9GY7mX058PPVEj/bK77YnDdgSQzVLLJ3obg2Gs4a4PVQf7t+s4BAgME"),
        Arguments.of(
            "slappasswd {CRYPT} $6$",
            "{CRYPT}$6$36z2En2srijUxh/g$Ay6649BGlVyASMsoAfF61ruX7l.OB8xjDxAhBgeC9XZafVNx.FJ3UmjKl6ecRycspQQEQBxcRMxzm1HsGJTmS0"),
        Arguments.of(
            "slappasswd {CRYPT} $5$",
            "{CRYPT}$5$zWeo8QBC.gbslR0w$gf44zkGlVKWDRV33v8j.eAbVY95TqVWX5XIOAAnI.0C"),
        Arguments.of("slappasswd {CRYPT} $1$", "{CRYPT}$1$ydOLBo/s$i0mvMELJpbOpU.4cHw6MI."),
        Arguments.of(
            "openssl passwd -6",
            "{CRYPT}$6$QH97yooEhhd63HWi$cu5memgWu8o3H9QU58zchjV9htyuum.uzk6HVYouUSO9Gxf4Ri7pIaPWzKFtp49UvcoaKW35yUC26V1hpxzrf."),
        Arguments.of(
            "openssl passwd -5",
            "{CRYPT}$5$YvsPutZecPsFlbU9$GF2AtHZnG9zhvHPMtgVw5Ehf1BBhxhB7OWlFlAlC/K1"),
        Arguments.of("openssl passwd -1", "{CRYPT}$1$Oc3bNaj3$giY5vkfObvJJzmgtJ4uYc1"),
        Arguments.of(
            "python crypt $6$rounds=10000",
            "{CRYPT}$6$rounds=10000$DpXT927ALai36ccv$EjsvuqRzdLWptwg59brRbtbSNokO8ZVTIR3ycbUaXHjVEItRu7hLVlEx7w2q28xXYyyceJUSAP9WLVP4FC1ll."),
        Arguments.of(
            "htpasswd -B bcrypt $2y$",
            "{CRYPT}$2y$05$QZImhzDInFdwGJwz1MKWN.U9oqzKcHZg3cBjf3lVBJyPfHST8gMRm"),
        Arguments.of(
            "python crypt bcrypt $2b$",
            "{CRYPT}$2b$05$MM/5tiU9VoF8B3f0lsHKMOPYEIPxCmMD5NFd.krBPAS8yoHO30BB6"),
        Arguments.of(
            "python crypt bcrypt $2a$",
            "{CRYPT}$2a$06$4VtT7EJKeeOXi5D1MqgnHeLOPSHtNzVEGqzaMkCcvmxFTWV1YMgfS"),
        Arguments.of(
            "slappasswd pw-pbkdf2 {PBKDF2}",
            "{PBKDF2}10000$.jSqnWVREOprXl8Yf5uD2A$YoqFWkuFGYDlCRmy8rGRJIFE1SQ"),
        Arguments.of(
            "slappasswd pw-pbkdf2 {PBKDF2-SHA1}",
            "{PBKDF2-SHA1}10000$PjhboH6v0o/wvfS1RD1kCw$VyQVRLVGLDjEYf.6Gy93xToLHyI"),
        Arguments.of(
            "slappasswd pw-pbkdf2 {PBKDF2-SHA256}",
            "{PBKDF2-SHA256}10000$Aw7xfBWcIf.4w/tvfHS0Vw$O5dTNAo.36aOknUvWarTzC28kzsjAI.NoEqZ913GOow"),
        Arguments.of(
            "python hashlib {PBKDF2-SHA256}",
            "{PBKDF2-SHA256}12000$AQIDBAUGBwgJCgsMDQ4PEA$mhYd128XkQSqxMQQJKYFfSfuWsiRObRm/CnS155apZM"),
        Arguments.of(
            "slappasswd pw-pbkdf2 {PBKDF2-SHA512}",
            "{PBKDF2-SHA512}10000$ivOaQLL4teLVcR6V4c0Spg$DD4mATO8JQ9fu93vOafZdwv0emFZrH1r6KP54NFaBxeyMV374LGQakMIdkByGwh.dyd7t7tl6BiRRyRuz1i59Q"),
        Arguments.of(
            "slappasswd argon2 module {ARGON2} argon2i",
            "{ARGON2}$argon2i$v=19$m=4096,t=3,p=1$AQ4PYtIxutbKVN1eFDrgNg$AkJ5tGSDfCDYz2n9nObrTENwUtQVulhSnuVlvRsPSTs"),
        Arguments.of(
            "argon2 CLI -id",
            "{ARGON2}$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHRzYWx0MTZieQ$Xn0zpXv9jvXamR+Rr/gQDwcsC5+VB0paRhWm1DPgrvg"),
        Arguments.of(
            "argon2 CLI -i p=2",
            "{ARGON2}$argon2i$v=19$m=4096,t=3,p=2$b3RoZXJzYWx0c2FsdDE2Yg$hZzrzVFZ9bCeNSQF3DkRuNA2zS1buv8LM9KqEPAZGo4"),
        Arguments.of("cleartext", PASSWORD),
        Arguments.of("{CLEARTEXT}", "{CLEARTEXT}" + PASSWORD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storedValues")
  void rightPasswordShouldMatch(String source, String stored) {
    assertThat(PasswordSchemes.verify(stored, PASSWORD)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storedValues")
  void wrongPasswordShouldNotMatch(String source, String stored) {
    assertThat(PasswordSchemes.verify(stored, PASSWORD + "x")).isFalse();
    assertThat(PasswordSchemes.verify(stored, "tr0ub4dor&3 pässwörd")).isFalse();
    assertThat(PasswordSchemes.verify(stored, "")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storedValues")
  void schemeNameShouldBeCaseInsensitive(String source, String stored) {
    int close = stored.indexOf('}');
    String lower =
        close < 0 ? stored : stored.substring(0, close).toLowerCase() + stored.substring(close);

    assertThat(PasswordSchemes.verify(lower, PASSWORD)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storedValues")
  void truncatedStoredValueShouldBeRefusedWithoutException(String source, String stored) {
    for (int cut = 1; cut < stored.length(); cut += Math.max(1, stored.length() / 17)) {
      String truncated = stored.substring(0, stored.length() - cut);
      if (truncated.equals(stored.replaceAll("=+$", ""))) {
        continue; // only the base64 padding is gone: the same value
      }
      assertThat(PasswordSchemes.verify(truncated, PASSWORD)).as(truncated).isFalse();
    }
  }

  @Test
  void bcryptShouldUseOnlyTheFirst72BytesAsLibxcryptDoes() {
    // python3: crypt.crypt('x' * 80, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))
    String stored = "{CRYPT}$2b$04$ORQBAEU5YWWAUEGx9NTL0O1sY.BpsNgxiLy1gMO934XEshtXu6YM6";

    assertThat(PasswordSchemes.verify(stored, "x".repeat(80))).isTrue();
    assertThat(PasswordSchemes.verify(stored, "x".repeat(72))).isTrue();
    assertThat(PasswordSchemes.verify(stored, "x".repeat(71))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{SSHA}not base64!",
        "{SSHA}",
        "{SHA}AAAA",
        "{SSHA}4f0lwdsRGJZ8CnQXe8eQOOc4py4=",
        "{CRYPT}",
        "{CRYPT}$6$",
        "{CRYPT}$6$$",
        "{CRYPT}$9$abc$def",
        "{CRYPT}$2b$05$short",
        "{CRYPT}$2b$99$MM/5tiU9VoF8B3f0lsHKMOPYEIPxCmMD5NFd.krBPAS8yoHO30BB6",
        "{PBKDF2-SHA256}",
        "{PBKDF2-SHA256}abc$def$ghi",
        "{PBKDF2-SHA256}0$AQIDBAUGBwgJCgsMDQ4PEA$mhYd128XkQSqxMQQJKYFfSfuWsiRObRm/CnS155apZM",
        "{PBKDF2-SHA256}999999999$AQIDBAUGBwgJCgsMDQ4PEA$mhYd128XkQSqxMQQJKYFfSfuWsiRObRm/CnS155apZM",
        "{PBKDF2-SHA256}12000$AQIDBAUGBwgJCgsMDQ4PEA",
        "{ARGON2}",
        "{ARGON2}$argon2x$v=19$m=1024,t=2,p=1$c29tZXNhbHRzYWx0MTZieQ$Xn0zpXv9jvXamR+Rr/gQDwcsC5+VB0paRhWm1DPgrvg",
        "{ARGON2}$argon2id$v=19$m=1024,t=2$c29tZXNhbHRzYWx0MTZieQ$Xn0zpXv9jvXamR+Rr/gQDwcsC5+VB0paRhWm1DPgrvg",
        "{ARGON2}$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHRzYWx0MTZieQ$Xn0zpXv9jvXamR+Rr/gQDwcsC5+VB0paRhWm1DPgrvg",
        "{ARGON2}$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHRzYWx0MTZieQ$***",
        "{NTLM}whatever",
        "{SSHA",
        ""
      })
  @Timeout(10)
  void malformedStoredValueShouldBeRefusedWithoutException(String stored) {
    assertThat(PasswordSchemes.verify(stored, PASSWORD)).isFalse();
  }

  @Test
  void unknownSchemeShouldNotBeComparedAsCleartext() {
    // Otherwise a client could log in by offering the stored hash itself.
    assertThat(PasswordSchemes.verify("{NTLM}abcdef", "{NTLM}abcdef")).isFalse();
  }

  @Test
  void storedHashShouldNotWorkAsAPassword() {
    String stored = "{SSHA}VORmRHT+0KbgoQV33rwKy0gtE2R+FhFD";

    assertThat(PasswordSchemes.verify(stored, stored)).isFalse();
  }

  @Test
  void nullsShouldBeRefused() {
    assertThat(PasswordSchemes.verify(null, PASSWORD)).isFalse();
    assertThat(PasswordSchemes.verify(PASSWORD, null)).isFalse();
  }

  @Test
  @Timeout(10)
  void absurdWorkFactorsShouldBeRefusedQuickly() {
    long start = System.nanoTime();

    assertThat(
            PasswordSchemes.verify(
                "{CRYPT}$6$rounds=999999999$DpXT927ALai36ccv$EjsvuqRzdLWptwg59brRbtbSNokO8ZVTIR3ycbUaXHjVEItRu7hLVlEx7w2q28xXYyyceJUSAP9WLVP4FC1ll.",
                PASSWORD))
        .isFalse();
    assertThat(
            PasswordSchemes.verify(
                "{ARGON2}$argon2id$v=19$m=1024,t=100000,p=1$c29tZXNhbHRzYWx0MTZieQ$Xn0zpXv9jvXamR+Rr/gQDwcsC5+VB0paRhWm1DPgrvg",
                PASSWORD))
        .isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }
}
