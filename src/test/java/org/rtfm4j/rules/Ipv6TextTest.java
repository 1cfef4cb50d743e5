package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv6TextTest {

  /**
   * The JDK's own literal parser (no name lookup for literals) is the independent truth. It turns
   * IPv4-mapped addresses (::ffff:a.b.c.d) into 4-byte IPv4 addresses; map those back.
   */
  private static byte[] jdk(String text) throws Exception {
    byte[] a = InetAddress.getByName(text).getAddress();
    if (a.length == 4) {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(a, 0, mapped, 12, 4);
      return mapped;
    }
    return a;
  }

  @ParameterizedTest
  @ValueSource(strings = {"::", "::1", "1::", "2001:db8::1", "fe80::1:2", "ff02::1:ff00:1",
      "2001:DB8:0:0:8:800:200C:417A", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
      "::ffff:192.0.2.1", "::192.0.2.33", "64:ff9b::198.51.100.7", "1:2:3:4:5:6:1.2.3.4",
      "0:0:0:0:0:ffff:129.144.52.38"})
  void parsesLikeTheJdk(String text) throws Exception {
    assertArrayEquals(jdk(text), Ipv6Text.parse(text), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1::2:",
      "12345::", "g::1", "::1.2.3", "::1.2.3.256", "1.2.3.4::", "1:2:3:4:5:6:7:8::",
      "1:2:3:4:5:6:7::8", ""})
  void rejectsWhatRfc4291Forbids(String text) {
    assertThrows(IllegalArgumentException.class, () -> Ipv6Text.parse(text), text);
  }

  @Test
  void formatsAsRfc5952Section4() throws Exception {
    // Examples and rules of RFC 5952 §4: lower case, no leading zeros, longest zero run
    // shortened, the first of equal runs, never a single zero group.
    assertEquals("2001:db8::1", Ipv6Text.format(jdk("2001:0db8:0000:0000:0000:0000:0000:0001")));
    assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Text.format(jdk("2001:db8:0:1:1:1:1:1")));
    assertEquals("2001:0:0:1::1", Ipv6Text.format(jdk("2001:0:0:1:0:0:0:1")));
    assertEquals("2001:db8::1:0:0:1", Ipv6Text.format(jdk("2001:db8:0:0:1:0:0:1")));
    assertEquals("::", Ipv6Text.format(new byte[16]));
    assertEquals("ffff:ffff:ffff:ffff::", Ipv6Text.format(jdk("ffff:ffff:ffff:ffff::")));
  }

  @Test
  void randomAddressesSurviveFormatThenParse() throws Exception {
    Random rnd = new Random(2722);
    for (int i = 0; i < 2000; i++) {
      byte[] a = new byte[16];
      rnd.nextBytes(a);
      for (int g = 0; g < 8; g++) { // many zero groups, so '::' is exercised
        if (rnd.nextInt(3) == 0) {
          a[2 * g] = 0;
          a[2 * g + 1] = 0;
        }
      }
      String text = Ipv6Text.format(a);
      assertArrayEquals(a, Ipv6Text.parse(text), text);
      assertArrayEquals(a, jdk(text), text);
    }
  }

  @Test
  void writesIntoABufferAtAnOffsetAndNothingAfterIt() throws Exception {
    Random rnd = new Random(5952);
    byte sentinel = '#';
    for (int i = 0; i < 500; i++) {
      long hi = rnd.nextLong() & randomZeroGroups(rnd);
      long lo = rnd.nextLong() & randomZeroGroups(rnd);
      byte[] a = java.nio.ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
      int at = 1 + rnd.nextInt(5);
      byte[] out = new byte[at + Ipv6Text.MAX_LENGTH + 1];
      java.util.Arrays.fill(out, sentinel);
      int end = Ipv6Text.format(hi, lo, out, at);
      String text = new String(out, at, end - at, java.nio.charset.StandardCharsets.US_ASCII);
      assertArrayEquals(a, jdk(text), text);
      for (int b = 0; b < out.length; b++) {
        if (b < at || b >= end) {
          assertEquals(sentinel, out[b], text + " wrote outside its place at " + b);
        }
      }
    }
    byte[] out = new byte[Ipv6Text.MAX_LENGTH];
    assertEquals(Ipv6Text.MAX_LENGTH, Ipv6Text.format(-1L, -1L, out, 0), "ffff:...:ffff");
  }

  @Test
  void dottedQuadsAsTheJdkWritesThem() throws Exception {
    Random rnd = new Random(791);
    // Random addresses, then every byte value in every position (the table's every entry).
    for (int i = 0; i < 2000 + 4 * 256; i++) {
      byte[] v4 = new byte[4];
      rnd.nextBytes(v4);
      if (i >= 2000) {
        v4[(i - 2000) / 256] = (byte) i;
      }
      int address = java.nio.ByteBuffer.wrap(v4).getInt();
      String truth = InetAddress.getByAddress(v4).getHostAddress();
      int at = rnd.nextInt(3);
      byte[] out = new byte[at + Ipv6Text.DOTTED_QUAD_ROOM];
      int end = Ipv6Text.formatDottedQuad(address, out, at);
      assertEquals(truth,
          new String(out, at, end - at, java.nio.charset.StandardCharsets.US_ASCII));
      // RFC 5952 §5: an IPv4-mapped address ends in the IPv4 address's dotted quad.
      assertEquals("::ffff:" + truth, Ipv6Text.format(0, 0xFFFFL << 32 | (address & 0xFFFF_FFFFL)));
    }
    byte[] out = new byte[Ipv6Text.DOTTED_QUAD_ROOM];
    assertEquals(Ipv6Text.MAX_DOTTED_QUAD_LENGTH, Ipv6Text.formatDottedQuad(-1, out, 0));
  }

  /** A mask that clears each of four 16-bit groups with even odds, so '::' is exercised. */
  private static long randomZeroGroups(Random rnd) {
    long mask = -1L;
    for (int g = 0; g < 4; g++) {
      if (rnd.nextBoolean()) {
        mask &= ~(0xFFFFL << (16 * g));
      }
    }
    return mask;
  }
}
