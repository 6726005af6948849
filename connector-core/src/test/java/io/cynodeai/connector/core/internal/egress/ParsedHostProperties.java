package io.cynodeai.connector.core.internal.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Host parsing never guesses: the canonical dotted quad of any address parses to exactly that address, and no
 * other numeric spelling of it (decimal, hex, octal, short forms) is accepted at all. Failures print the
 * generated octets; rerun with the seed jqwik reports to reproduce.
 */
class ParsedHostProperties {

  @Property(tries = 500)
  void theCanonicalDottedQuadParsesToThatAddress(@ForAll @IntRange(max = 255) int a,
      @ForAll @IntRange(max = 255) int b, @ForAll @IntRange(max = 255) int c, @ForAll @IntRange(max = 255) int d)
      throws Exception {
    ParsedHost.Result result = ParsedHost.parse(a + "." + b + "." + c + "." + d);

    assertThat(result.host()).isInstanceOf(ParsedHost.Literal.class);
    assertThat(((ParsedHost.Literal) result.host()).address())
        .isEqualTo(InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}));
  }

  @Property(tries = 500)
  void noOtherNumericSpellingIsAccepted(@ForAll @IntRange(max = 255) int a, @ForAll @IntRange(max = 255) int b,
      @ForAll @IntRange(max = 255) int c, @ForAll @IntRange(max = 255) int d) {
    long whole = ((long) a << 24) | (b << 16) | (c << 8) | d;
    String[] spellings = {
        Long.toString(whole),
        "0x" + Long.toHexString(whole),
        "0" + Integer.toOctalString(a) + "." + b + "." + c + "." + d,
        "0x" + Integer.toHexString(a) + "." + b + "." + c + "." + d,
        a + "." + ((b << 16) | (c << 8) | d),
        a + "." + b + "." + ((c << 8) | d),
        a + "." + b + "." + c + "." + d + ".0",
    };
    for (String spelling : spellings) {
      assertThat(ParsedHost.parse(spelling).host()).as(spelling).isNull();
    }
  }
}
