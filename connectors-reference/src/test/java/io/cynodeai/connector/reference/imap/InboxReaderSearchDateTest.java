package io.cynodeai.connector.reference.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The day readInbox passes to IMAP SINCE: never after the day of {@code since} in any server zone. */
class InboxReaderSearchDateTest {

  @Test
  void theSearchDayIsTheDayOfSinceAtUtcMinus12WrittenAsNoonInTheClientsZone() {
    Instant since = Instant.parse("2026-03-10T11:00:00Z");
    for (String client : new String[] {"Pacific/Kiritimati", "Etc/GMT+12", "UTC", "Asia/Kolkata"}) {
      ZoneId zone = ZoneId.of(client);

      LocalDate written = InboxReader.searchDate(since, zone).toInstant().atZone(zone).toLocalDate();

      assertThat(written).as(client).isEqualTo(LocalDate.parse("2026-03-09"));
      for (int offset = -12; offset <= 14; offset++) {
        assertThat(written).as(client + " / server at " + offset)
            .isBeforeOrEqualTo(since.atOffset(ZoneOffset.ofHours(offset)).toLocalDate());
      }
    }
  }
}
