package io.cynodeai.connector.spi.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  @Test
  void delaySecondsAreReadAsSeconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void httpDateIsReadRelativeToNow() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", NOW)).contains(Duration.ofSeconds(30));
  }

  @Test
  void httpDateInThePastMeansNow() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void hugeHintsAreCappedAtOneHour() {
    assertThat(RetryAfter.parse("86400", NOW)).contains(RetryAfter.MAX);
    assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(RetryAfter.MAX);
    assertThat(RetryAfter.parse("Thu, 22 Oct 2015 07:28:00 GMT", NOW)).contains(RetryAfter.MAX);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "-5", "1.5", "soon", "2015-10-21T07:28:30Z", "Wed, 21 Oct 2015"})
  void malformedValuesAreIgnored(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isEmpty();
  }

  @Test
  void missingHeaderIsIgnored() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
  }
}
