package io.mailtier.mailstore.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

  @Test
  void verifyShouldAcceptTheRightPasswordAndRejectOthers() {
    String stored = hasher.hash("correct horse");
    assertThat(hasher.verify("correct horse", stored)).isTrue();
    assertThat(hasher.verify("correct hors", stored)).isFalse();
    assertThat(hasher.verify("", stored)).isFalse();
    assertThat(hasher.hash("correct horse")).isNotEqualTo(stored);
  }

  @Test
  void hashShouldBeAnArgon2idPhcStringWithOwaspParametersByDefault() {
    String stored = new PasswordHasher().hash("pw");
    assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    PasswordHasher.Phc phc = PasswordHasher.parse(stored).orElseThrow();
    assertThat(phc.memoryKib()).isEqualTo(19456);
    assertThat(phc.iterations()).isEqualTo(2);
    assertThat(phc.parallelism()).isEqualTo(1);
    assertThat(phc.salt()).hasSize(16);
    assertThat(phc.hash()).hasSize(32);
  }

  @Test
  void verifyShouldMatchAKnownArgon2idVector() {
    // RFC 9106-independent check: a hash made with other parameters still verifies by its own.
    PasswordHasher other = new PasswordHasher(2048, 2, 2);
    String stored = other.hash("pa55");
    assertThat(hasher.verify("pa55", stored)).isTrue();
  }

  @Test
  void verifyShouldRejectMalformedStoredHashesCleanly() {
    String good = hasher.hash("pw");
    String[] bad = {
      null,
      "",
      "plain",
      "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$argon2id$v=16$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$argon2id$v=19$m=1024,t=999,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$argon2id$v=19$m=1024,t=1,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
      good + "$extra",
      "x".repeat(100_000)
    };
    for (String s : bad) {
      assertThat(hasher.verify("pw", s)).as(String.valueOf(s)).isFalse();
      assertThat(PasswordHasher.parse(s)).isEmpty();
    }
    // well-formed but with a shorter hash: parses, never matches
    assertThat(hasher.verify("pw", good.substring(0, good.length() - 5))).isFalse();
  }

  @Test
  void verifyDummyShouldAlwaysFail() {
    assertThat(hasher.verifyDummy("anything")).isFalse();
  }
}
