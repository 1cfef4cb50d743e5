package org.rtfm4j.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.rtfm4j.format.AsciiBuffer;
import org.junit.jupiter.api.Test;

class FlowKeyTest {
  private static final long HOST4 = 0xFFFF_FFFFL << 32;
  private static final long PORT = 0xFFFFL << 48;

  private static long[] encode(FlowKey k, boolean reversed) {
    long[] out = new long[FlowKey.MAX_WORDS];
    int n = reversed ? k.encodeReversed(out) : k.encode(out);
    return Arrays.copyOf(out, n);
  }

  @Test
  void reversedKeyIsTheKeyOfTheOtherDirection() {
    FlowKey ab = new FlowKey();
    ab.set(9, 0x0A00_0001L << 32, 0, HOST4, 0, 4);
    ab.set(19, 0x0A00_0002L << 32, 0, HOST4, 0, 4);
    ab.set(12, 1234L << 48, 0, PORT, 0, 2);
    ab.set(22, 80L << 48, 0, PORT, 0, 2);
    ab.set(39, 3L << 56, 0, 0xFFL << 56, 0, 1); // SourceKind
    FlowKey ba = new FlowKey();
    ba.set(9, 0x0A00_0002L << 32, 0, HOST4, 0, 4);
    ba.set(19, 0x0A00_0001L << 32, 0, HOST4, 0, 4);
    ba.set(12, 80L << 48, 0, PORT, 0, 2);
    ba.set(22, 1234L << 48, 0, PORT, 0, 2);
    ba.set(40, 3L << 56, 0, 0xFFL << 56, 0, 1); // DestKind
    assertArrayEquals(encode(ba, false), encode(ab, true));
    assertNotEquals(Arrays.toString(encode(ab, false)), Arrays.toString(encode(ba, false)));
  }

  @Test
  void typesStayInPlaceWhenTheKeyIsReversed() {
    // A packet has one PeerType whichever way it is matched: a key holding only SourcePeerType
    // must still find its flow the other way round.
    FlowKey k = new FlowKey();
    k.set(8, 1L << 56, 0, 0xFFL << 56, 0, 1);
    k.set(11, 6L << 56, 0, 0xFFL << 56, 0, 1);
    assertArrayEquals(encode(k, false), encode(k, true));
  }

  @Test
  void addressBitsOutsideTheMaskAreZeroed() {
    // RFC 2722 §3.1: "if address bits are being ignored the meter will set them to zero"
    FlowKey k = new FlowKey();
    k.set(9, 0x0A01_0203L << 32, 0, 0xFFFF_FF00L << 32, 0, 4);
    assertEquals(0x0A01_0200L << 32, k.valueHi(9));
  }

  @Test
  void theMaskIsPartOfTheKey() {
    FlowKey host = new FlowKey();
    host.set(9, 0x0A00_0000L << 32, 0, HOST4, 0, 4);
    FlowKey net = new FlowKey();
    net.set(9, 0x0A00_0000L << 32, 0, 0xFF00_0000L << 32, 0, 4);
    assertFalse(Arrays.equals(encode(host, false), encode(net, false)));
  }

  @Test
  void decodeReadsBackShortAndLongForms() {
    FlowKey k = new FlowKey();
    k.set(6, 0x0011_2233_4455L << 16, 0, 0xFFFF_FFFF_FFFFL << 16, 0, 6); // MAC: long form
    k.set(9, 0x2001_0DB8_0000_0000L, 1, -1L, -1L, 16);
    k.set(11, 6L << 56, 0, 0xFFL << 56, 0, 1);
    FlowKey back = new FlowKey();
    back.decode(encode(k, false));
    for (int a : new int[] {6, 9, 11}) {
      assertEquals(k.valueHi(a), back.valueHi(a), "attribute " + a);
      assertEquals(k.valueLo(a), back.valueLo(a), "attribute " + a);
      assertEquals(k.maskHi(a), back.maskHi(a), "attribute " + a);
      assertEquals(k.length(a), back.length(a), "attribute " + a);
    }
    assertEquals(6, back.number(11));
    assertFalse(back.has(19));
  }

  @Test
  void addressText() {
    // RFC 5952 §4 examples
    assertEquals("2001:db8::1", ipv6(0x2001_0db8_0000_0000L, 1));
    assertEquals("2001:db8:0:1:1:1:1:1",
        ipv6(0x2001_0db8_0000_0001L, 0x0001_0001_0001_0001L));
    assertEquals("2001:db8::1:0:0:1", ipv6(0x2001_0db8_0000_0000L,
        0x0001_0000_0000_0001L));
    assertEquals("2001:0:0:1::1", ipv6(0x2001_0000_0000_0001L, 1));
    assertEquals("::", ipv6(0, 0));
    assertEquals("::1", ipv6(0, 1));
    assertEquals("fe80::", ipv6(0xfe80_0000_0000_0000L, 0));
    assertEquals("::ffff:192.0.2.1", ipv6(0, 0x0000_ffff_c000_0201L));
    assertEquals("192.0.2.1", ipv4(0xC000_0201L << 32));
    assertEquals("00:80:48:81:0e:7c", mac(0x0080_4881_0E7CL));
  }

  private static String ipv6(long hi, long lo) {
    return new AsciiBuffer().appendIpv6(hi, lo).toString();
  }

  private static String ipv4(long hi) {
    return new AsciiBuffer().appendIpv4(hi).toString();
  }

  private static String mac(long mac) {
    return new AsciiBuffer().appendMac(mac).toString();
  }
}
