package io.mailtier.frontend.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountNamesTest {
  private final AccountNames names = new AccountNames("Example.Test");

  @Test
  void loginShouldBeLowerCasedAndGetTheDefaultDomain() {
    assertThat(names.canonical("Alice")).contains("alice@example.test");
    assertThat(names.canonical("ALICE@Other.Test")).contains("alice@other.test");
  }

  @Test
  void impossibleNamesShouldHaveNoAccount() {
    assertThat(names.canonical("")).isEmpty();
    assertThat(names.canonical("a b")).isEmpty();
    assertThat(names.canonical("a\u0000b")).isEmpty();
    assertThat(names.canonical("@example.test")).isEmpty();
    assertThat(names.canonical("alice@")).isEmpty();
    assertThat(names.canonical("a@b@c")).isEmpty();
    assertThat(names.canonical("x".repeat(400))).isEmpty();
  }
}
