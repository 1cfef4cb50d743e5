package org.rtfm4j.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtfm4j.rules.Attribute;

/**
 * The flow CSV's fields, checked against text the JDK (InetAddress) or RFC 5952 gives for the same
 * bytes, and against the record's own numbers.
 */
class FlowCsvWriterTest {
  private static final long ALL = -1L;
  private static final long HOST4 = 0xFFFF_FFFFL << Integer.SIZE;
  private static final long PORT = 0xFFFFL << 48;
  private static final long ONE_BYTE = 0xFFL << 56;
  private static final long MAC = 0xFFFF_FFFF_FFFFL << 16;
  private static final int IPV4 = 1;
  private static final int IPV6 = 2;
  private static final int IPV4_BYTES = 4;
  private static final int IPV6_BYTES = 16;
  private static final List<String> HEADER = List.of(FlowCsvWriter.HEADER.split(","));

  /** The big-endian halves of a 16-byte address. */
  private static long[] halves(byte[] a) {
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      hi = (hi << Byte.SIZE) | (a[i] & 0xFF);
      lo = (lo << Byte.SIZE) | (a[Long.BYTES + i] & 0xFF);
    }
    return new long[] {hi, lo};
  }

  /** The JDK's bytes of an IPv6 literal; it reads ::ffff:a.b.c.d as IPv4, so map that back. */
  private static byte[] ipv6(String text) throws Exception {
    byte[] a = InetAddress.getByName(text).getAddress();
    if (a.length == IPV4_BYTES) {
      byte[] mapped = new byte[IPV6_BYTES];
      mapped[10] = (byte) 0xFF;
      mapped[11] = (byte) 0xFF;
      System.arraycopy(a, 0, mapped, IPV6_BYTES - IPV4_BYTES, IPV4_BYTES);
      return mapped;
    }
    return a;
  }

  private static FlowRecord record(FlowKey k, int flowIndex) {
    long[] words = new long[FlowKey.MAX_WORDS];
    long[] key = Arrays.copyOf(words, k.encode(words));
    return new FlowRecord(7, flowIndex, key, 100, 250, 1_500_000_000_000L, 1_000_000, 0, 0);
  }

  /** Field {@code name} of the only record written. */
  private static String field(String csv, String name) {
    String[] lines = csv.split("\n");
    assertEquals(2, lines.length, csv);
    assertEquals(FlowCsvWriter.HEADER, lines[0]);
    String[] fields = lines[1].split(",", -1);
    assertEquals(HEADER.size(), fields.length, lines[1]);
    return fields[HEADER.indexOf(name)];
  }

  private static String write(FlowRecord r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlowCsvWriter w = new FlowCsvWriter(out);
    w.write(r);
    w.flush();
    assertEquals(1, w.records());
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static FlowKey ipv6Flow(String source, String dest, int peerType) throws Exception {
    FlowKey k = new FlowKey();
    if (peerType != 0) {
      k.set(Attribute.SOURCE_PEER_TYPE.number(), (long) peerType << 56, 0, ONE_BYTE, 0, 1);
    }
    long[] s = halves(ipv6(source));
    long[] d = halves(ipv6(dest));
    k.set(Attribute.SOURCE_PEER_ADDRESS.number(), s[0], s[1], ALL, ALL, 16);
    k.set(Attribute.DEST_PEER_ADDRESS.number(), d[0], d[1], ALL, ALL, 16);
    return k;
  }

  @Test
  void writesNumbersPortsMacsAndIpv4AsTheirUsualText() throws Exception {
    FlowKey k = new FlowKey();
    k.set(Attribute.SOURCE_PEER_TYPE.number(), (long) IPV4 << 56, 0, ONE_BYTE, 0, 1);
    k.set(Attribute.SOURCE_PEER_ADDRESS.number(), 0xC000_0201L << 32, 0, HOST4, 0, 4);
    k.set(Attribute.DEST_PEER_ADDRESS.number(), 0x0A01_00FFL << 32, 0, HOST4, 0, 4);
    k.set(Attribute.SOURCE_TRANS_ADDRESS.number(), 65535L << 48, 0, PORT, 0, 2);
    k.set(Attribute.DEST_TRANS_ADDRESS.number(), 443L << 48, 0, PORT, 0, 2);
    k.set(Attribute.SOURCE_ADJACENT_ADDRESS.number(), 0x0080_4881_0E7CL << 16, 0, MAC, 0, 6);
    k.set(Attribute.FLOW_KIND.number(), 200L << 56, 0, ONE_BYTE, 0, 1);
    String csv = write(record(k, 12345));
    assertEquals("7", field(csv, "RuleSet"));
    assertEquals("12345", field(csv, "FlowIndex"));
    assertEquals("100", field(csv, "FirstTime"));
    assertEquals("250", field(csv, "LastActiveTime"));
    assertEquals("1500000000000", field(csv, "ToOctets"));
    assertEquals("1000000", field(csv, "ToPDUs"));
    assertEquals("0", field(csv, "FromOctets"));
    assertEquals("1", field(csv, "SourcePeerType"));
    assertEquals(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}).getHostAddress(),
        field(csv, "SourcePeerAddress"));
    assertEquals("10.1.0.255", field(csv, "DestPeerAddress"));
    assertEquals("65535", field(csv, "SourceTransAddress"));
    assertEquals("443", field(csv, "DestTransAddress"));
    assertEquals("00:80:48:81:0e:7c", field(csv, "SourceAdjacentAddress"));
    assertEquals("200", field(csv, "FlowKind"));
    assertEquals("", field(csv, "DestPeerType"), "not in the key: empty");
    assertEquals("", field(csv, "DestAdjacentAddress"));
  }

  /**
   * IPv6 as RFC 5952 text (§4.2.3: the first of two equal zero runs; §5: IPv4-mapped), which the
   * JDK reads back as the same bytes; a 16-byte value under PeerType ipv4(1) as the dotted quad
   * of its first four bytes; without a PeerType, by the value's length.
   */
  @ParameterizedTest
  @CsvSource({
      "2001:db8:0:0:1:0:0:1, ::ffff:192.0.2.1, 2, 2001:db8::1:0:0:1, ::ffff:192.0.2.1",
      "fe80:1234:5678:9abc:def0:1111:2222:ffff, ::1, 2, "
          + "fe80:1234:5678:9abc:def0:1111:2222:ffff, ::1",
      "c000:201::, a01:ff::, 1, 192.0.2.1, 10.1.0.255",
      "2001:db8::7, 2001:db8::8, 0, 2001:db8::7, 2001:db8::8"})
  void peerAddressTextByPeerTypeOrLength(String source, String dest, int peerType,
      String sourceText, String destText) throws Exception {
    String csv = write(record(ipv6Flow(source, dest, peerType), 1));
    assertEquals(sourceText, field(csv, "SourcePeerAddress"));
    assertEquals(destText, field(csv, "DestPeerAddress"));
    if (peerType != IPV4) {
      assertArrayEquals(ipv6(source), ipv6(sourceText));
      assertArrayEquals(ipv6(dest), ipv6(destText));
    }
  }

  @Test
  void writingRecordsAllocatesNothing() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    FlowRecord v6 = record(ipv6Flow("2001:db8::1:0:0:1", "::ffff:192.0.2.1", IPV6), 1);
    FlowRecord v4 = record(ipv6Flow("c000:201::", "a01:ff::", IPV4), 2);
    FlowCsvWriter w = new FlowCsvWriter(OutputStream.nullOutputStream());
    int records = 20_000;
    for (int i = 0; i < records; i++) { // reach the buffer's largest size first
      w.write(i % 2 == 0 ? v6 : v4);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < records; i++) {
      w.write(i % 2 == 0 ? v6 : v4);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // One IPv6 text String alone is over 40 bytes: 10,000 of them would be far above this.
    assertTrue(allocated < 4096, () -> allocated + " bytes allocated writing " + records);
  }
}
