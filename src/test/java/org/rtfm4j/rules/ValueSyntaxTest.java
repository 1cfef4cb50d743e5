package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 2723 Appendix B value and mask syntax, with the RFC's own examples. */
class ValueSyntaxTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] parse(String text, Attribute a) throws ValueSyntax.ValueException {
    return ValueSyntax.parse(text, ValueSyntax.Target.of(a));
  }

  private static byte[] hex(String h) {
    return HEX.parseHex(h);
  }

  private static String fail(String text, Attribute a) {
    return assertThrows(ValueSyntax.ValueException.class, () -> parse(text, a)).getMessage();
  }

  @Test
  void rfc2723AppendixBExamples() throws Exception {
    Attribute peer = Attribute.SOURCE_PEER_ADDRESS;
    // "130.216.0.0 is an IP address (in dotted decimal), and FF-FF-00-00 is an IP address in hex"
    assertArrayEquals(hex("82d80000000000000000000000000000"), parse("130.216.0.0", peer));
    assertArrayEquals(hex("ffff0000000000000000000000000000"), parse("FF-FF-00-00", peer));
    // "1.3.10!50 and 1.3.0.10.0.50 are two different ways to specify the same value"
    assertArrayEquals(parse("1.3.0.10.0.50", peer), parse("1.3.10!50", peer));
    assertArrayEquals(hex("0103000a003200000000000000000000"), parse("1.3.10!50", peer));
    // "130.216 is the same as 130.216.0.0"
    assertArrayEquals(parse("130.216.0.0", peer), parse("130.216", peer));
    // "23 and 0.23 specify the same value for a SourceTransAddress operand"
    assertArrayEquals(hex("0017"), parse("23", Attribute.SOURCE_TRANS_ADDRESS));
    assertArrayEquals(hex("0017"), parse("0.23", Attribute.SOURCE_TRANS_ADDRESS));
    // masks: "&255.255" and "&FF-FF" (RFC 2723 §3.1.6)
    assertArrayEquals(hex("ffff"), parse("255.255", Attribute.DEST_TRANS_ADDRESS));
    assertArrayEquals(hex("ffff"), parse("FF-FF", Attribute.DEST_TRANS_ADDRESS));
  }

  @Test
  void aSingleNumberFillsTheWholeAttribute() throws Exception {
    assertArrayEquals(hex("0050"), parse("80", Attribute.SOURCE_TRANS_ADDRESS));
    assertArrayEquals(hex("ff"), parse("255", Attribute.SOURCE_PEER_TYPE));
    assertArrayEquals(hex("00000000000000000000000000000082"), parse("130", Attribute.SOURCE_PEER_ADDRESS));
    assertArrayEquals(new byte[16], parse("0", Attribute.DEST_PEER_ADDRESS));
  }

  @Test
  void lastFieldTakesThePrecedingFieldsType() throws Exception {
    // '!' before the last field makes it two bytes as well: 1!2 = 00 01 00 02
    assertArrayEquals(hex("00010002000000000000000000000000"), parse("1!2", Attribute.SOURCE_PEER_ADDRESS));
    // '-' makes it hex: 10-10 = 0x10 0x10
    assertArrayEquals(hex("1010"), parse("10-10", Attribute.SOURCE_TRANS_ADDRESS));
    // FC-00, RFC 2123 §3.4's "port below 1024" mask
    assertArrayEquals(hex("fc00"), parse("FC-00", Attribute.SOURCE_TRANS_ADDRESS));
  }

  @Test
  void macAndIpv6Texts() throws Exception {
    byte[] mac = hex("008048810e7c");
    assertArrayEquals(mac, parse("00-80-48-81-0E-7C", Attribute.SOURCE_ADJACENT_ADDRESS));
    assertArrayEquals(mac, parse("00:80:48:81:0e:7c", Attribute.SOURCE_ADJACENT_ADDRESS));
    assertArrayEquals(hex("20010db8000000000000000000000001"), parse("2001:db8::1", Attribute.DEST_PEER_ADDRESS));
    assertArrayEquals(hex("00000000000000000000ffffc0000201"), parse("::ffff:192.0.2.1", Attribute.DEST_PEER_ADDRESS));
    assertArrayEquals(hex("ffffffffffffffff0000000000000000"), parse("ffff:ffff:ffff:ffff::", Attribute.DEST_PEER_ADDRESS));
  }

  @Test
  void namesAndCharacters() throws Exception {
    assertArrayEquals(hex("01"), parse("IP", Attribute.SOURCE_PEER_TYPE));
    assertArrayEquals(hex("01"), parse("ipv4", Attribute.DEST_PEER_TYPE));
    assertArrayEquals(hex("02"), parse("IPv6", Attribute.SOURCE_PEER_TYPE));
    assertArrayEquals(hex("0b"), parse("Novell", Attribute.SOURCE_PEER_TYPE));
    assertArrayEquals(hex("0c"), parse("EtherTalk", Attribute.SOURCE_PEER_TYPE));
    assertArrayEquals(hex("07"), parse("ethernet", Attribute.SOURCE_ADJACENT_TYPE));
    assertArrayEquals(hex("06"), parse("tcp", Attribute.SOURCE_TRANS_TYPE));
    assertArrayEquals(hex("11"), parse("UDP", Attribute.SOURCE_TRANS_TYPE));
    assertArrayEquals(hex("59"), parse("ospf", Attribute.SOURCE_TRANS_TYPE));
    assertArrayEquals(hex("3a"), parse("ipv6-icmp", Attribute.SOURCE_TRANS_TYPE));
    assertArrayEquals(hex("0035"), parse("domain", Attribute.SOURCE_TRANS_ADDRESS));
    assertArrayEquals(hex("0050"), parse("www", Attribute.DEST_TRANS_ADDRESS));
    assertArrayEquals(hex("0014"), parse("ftp-data", Attribute.DEST_TRANS_ADDRESS));
    assertArrayEquals(hex("01bb"), parse("https", Attribute.DEST_TRANS_ADDRESS));
    assertArrayEquals(hex("57"), parse("'W'", Attribute.FLOW_KIND));
    assertArrayEquals(hex("3f"), parse("'?'", Attribute.FLOW_KIND));
    assertArrayEquals(hex("27"), parse("'\\''", Attribute.FLOW_KIND));
  }

  @Test
  void malformedFieldsAreRefusedWithAReason() {
    assertTrue(fail("130.256", Attribute.SOURCE_PEER_ADDRESS).contains("byte field 256 is greater than 255"));
    assertTrue(fail("1!65536", Attribute.SOURCE_PEER_ADDRESS).contains("two-byte field 65536 is greater than 65535"));
    assertTrue(fail("FFF-0", Attribute.SOURCE_PEER_ADDRESS).contains("hex field FFF is more than one byte"));
    assertTrue(fail("130..216", Attribute.SOURCE_PEER_ADDRESS).contains("empty field"));
    assertTrue(fail("FF-", Attribute.SOURCE_PEER_ADDRESS).contains("empty field"));
    assertTrue(fail("1a.2", Attribute.SOURCE_PEER_ADDRESS).contains("'1a' is not a decimal field"));
    assertTrue(fail("GG-1", Attribute.SOURCE_PEER_ADDRESS).contains("'GG' is not a hex field"));
    assertTrue(fail("255.255.255", Attribute.SOURCE_TRANS_ADDRESS).contains("is 3 bytes; SourceTransAddress is 2 bytes wide"));
    assertTrue(fail("65536", Attribute.SOURCE_TRANS_ADDRESS).contains("65536 does not fit in the 2 bytes of SourceTransAddress"));
    assertTrue(fail("256", Attribute.SOURCE_PEER_TYPE).contains("256 does not fit in the 1 byte of SourcePeerType"));
    assertTrue(fail("Dummy", Attribute.SOURCE_PEER_TYPE).contains("unknown name 'Dummy' for SourcePeerType"));
    assertTrue(fail("'W'", Attribute.SOURCE_TRANS_ADDRESS).contains("a character constant needs a one-byte attribute"));
    assertTrue(fail("'WW'", Attribute.FLOW_KIND).contains("malformed character constant"));
    assertTrue(fail("1::2::3", Attribute.SOURCE_PEER_ADDRESS).contains("'::' may appear only once"));
    assertTrue(fail("00:80:48:81:0e", Attribute.SOURCE_ADJACENT_ADDRESS).contains("a MAC address has 6 bytes, not 5"));
    assertTrue(fail("1:2", Attribute.SOURCE_TRANS_ADDRESS).contains("RFC 2723 Appendix B fields are separated by"));
  }

  @Test
  void errorOffsetsPointIntoTheText() {
    assertEquals(4, assertThrows(ValueSyntax.ValueException.class,
        () -> parse("130.256", Attribute.SOURCE_PEER_ADDRESS)).offset);
    assertEquals(4, assertThrows(ValueSyntax.ValueException.class,
        () -> parse("130..216", Attribute.SOURCE_PEER_ADDRESS)).offset);
  }

  @Test
  void writingHelpersGiveTextsThatReadBack() throws Exception {
    assertEquals("130.216", ValueSyntax.dotted(hex("82d80000")));
    assertEquals("130.0", ValueSyntax.dotted(hex("82000000"))); // never one lone field
    assertEquals("0", ValueSyntax.dotted(new byte[4]));
    assertEquals("00-80-48-81-0e-7c", ValueSyntax.hexFields(hex("008048810e7c")));
    assertEquals("8080", ValueSyntax.wholeNumber(hex("1f90")));
    assertEquals("'W'", ValueSyntax.characterOrNumber((byte) 'W'));
    assertEquals("39", ValueSyntax.characterOrNumber((byte) '\''));
    assertEquals("7", ValueSyntax.characterOrNumber((byte) 7));
    assertArrayEquals(hex("82000000000000000000000000000000"), parse("130.0", Attribute.SOURCE_PEER_ADDRESS));
  }
}
