package org.rtfm4j.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Decoder behaviour on real frames (hex copied from corpus captures, expectations read from
 * tshark's dissection of the same frames) and on crafted frames (expectations from the RFCs).
 */
class PacketDecoderTest {
  private final PacketDecoder decoder = new PacketDecoder();
  private final DecodedPacket out = new DecodedPacket();

  // ---------------------------------------------------------------- real frames

  /** ndpi/443-curl.pcap frame 1: Ethernet, IPv4, TCP SYN. */
  @Test
  void ethernetIpv4TcpFromCapture() throws Exception {
    byte[] f = Frames.bytes("101331f13976283737006dc80800450000400000400040060142c0a8010db23ec5"
        + "82d8e301bbcc77769500000000b002ffff7bc10000020405b4010303050101080a1e6245b7000000000402"
        + "0000");
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    // tshark: eth.src 28:37:37:00:6d:c8, eth.dst 10:13:31:f1:39:76, 192.168.1.13 -> 178.62.197.130,
    // proto 6, ip.len 64, ports 55523 -> 443
    assertEquals(DecodedPacket.ADJACENT_ETHERNET, out.adjacentType);
    assertEquals(0x283737006dc8L, out.srcMac);
    assertEquals(0x101331f13976L, out.dstMac);
    assertV4("192.168.1.13", "178.62.197.130");
    assertTransport(6, 55523, 443);
    assertEquals(64, out.ipLength);
    assertEquals(14, out.ipOffset);
    assertEquals(0, out.vlanCount);
    assertFalse(out.truncated);
    assertFalse(out.fragment);
  }

  /** ndpi/dns.pcap frame 4: two 802.1Q tags, PPPoE session, IPv4, UDP. */
  @Test
  void qinqPppoeIpv4UdpFromCapture() throws Exception {
    byte[] f = Frames.bytes("000000000001d494e80eadc1810001a58100031188641100556a003f00214500003d"
        + "00004000401184a152b271f552b29eb5b89700350029b67d784301000001000000000000026537087768"
        + "617473617070036e65740000010001");
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    // tshark: vlan.id 421,785; 82.178.113.245 -> 82.178.158.181, proto 17, ip.len 61, 47255 -> 53
    assertEquals(2, out.vlanCount);
    assertEquals(421, out.outerVlan);
    assertEquals(785, out.innerVlan);
    assertV4("82.178.113.245", "82.178.158.181");
    assertTransport(17, 47255, 53);
    assertEquals(61, out.ipLength);
    assertEquals(14 + 8 + 8, out.ipOffset);
  }

  /** suricata-verify bug-4810 frame 1: PPPoE with a compressed (one-octet) PPP protocol. */
  @Test
  void pppoeWithProtocolFieldCompressionFromCapture() throws Exception {
    byte[] f = Frames.bytes("000c2939f3c3000c29208ea188641100002d003d214500003c000040004006edda0a"
        + "6400008efab383deb50050d4bd765400000000a002fecc742f0000020405ac010303070402080acbae92"
        + "6300000000");
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    // tshark: 10.100.0.0 -> 142.250.179.131, proto 6, ip.len 60, 57013 -> 80
    assertV4("10.100.0.0", "142.250.179.131");
    assertTransport(6, 57013, 80);
    assertEquals(60, out.ipLength);
  }

  /** suricata-verify defrag bug-6887: IPv6 fragments in a VLAN; later ones get the TCP ports. */
  @Test
  void ipv6LaterFragmentsInheritPortsFromCapture() throws Exception {
    TestPcap p = TestPcap.read(Resources.capture(
        "suricata-verify__defrag__bug-6887-defrag-eth-vlan-ipv6-tcp__frag-eth-vlan-ipv6-tcp.pcap"));
    // tshark: all three ::1 -> ::1, fraghdr ident 0xa5d33a2d, plen 448/448/148, vlan 6; frame 1
    // dissects TCP 12345 -> 8080, frames 2 and 3 are "data" (no transport header)
    int[] plen = {448, 448, 148};
    for (int i = 0; i < 3; i++) {
      assertEquals(DecodeResult.IP, decode(p, i));
      assertEquals(6, out.outerVlan);
      assertEquals(DecodedPacket.PEER_IPV6, out.peerType);
      assertEquals(0, out.srcAddrHi);
      assertEquals(1, out.srcAddrLo);
      assertEquals(plen[i] + 40, out.ipLength);
      assertTrue(out.fragment);
      assertEquals(i > 0, out.laterFragment);
      assertEquals(0xa5d33a2dL, out.fragmentId);
      assertTransport(6, 12345, 8080);
    }
    assertEquals(0, decoder.fragmentTable().laterWithoutFirst());
  }

  /** suricata-verify defrag bug-6887 (LINKTYPE_IPV4): three IPv4 fragments of a TCP SYN. */
  @Test
  void ipv4LaterFragmentsInheritPortsFromCapture() throws Exception {
    TestPcap p = TestPcap.read(Resources.capture(
        "suricata-verify__defrag__bug-6887-defrag-ipv4-tcp-syn__frag-ip-tcp-syn.pcap"));
    for (int i = 0; i < 3; i++) {
      assertEquals(DecodeResult.IP, decode(p, i));
      assertV4("1.1.1.1", "2.2.2.2");
      assertEquals(28, out.ipLength);
      assertEquals(1, out.fragmentId);
      assertEquals(i > 0, out.laterFragment);
      assertTransport(6, 12345, 8080);
    }
  }

  /** Linux SLL on "lo": ARPHRD_LOOPBACK (772, tshark sll.hatype) has no MAC address. */
  @Test
  void linuxSllFromCapture() throws Exception {
    TestPcap p = TestPcap.read(Resources.capture(
        "suricata-verify__detect-pcre__detect-pcre-02__input.pcap"));
    assertEquals(DecodeResult.IP, decode(p, 0));
    assertEquals(0, out.adjacentType);
    assertV4("127.0.0.1", "127.0.0.1");
    assertTransport(6, 38928, 8080);
    assertEquals(60, out.ipLength);
    assertEquals(16, out.ipOffset);
  }

  /** GTP-U is plain UDP 2152 between the outer addresses (ndpi/ipv6_in_gtp.pcap frame 1). */
  @Test
  void gtpIsKeyedOnTheOuterHeaderFromCapture() throws Exception {
    TestPcap p = TestPcap.read(Resources.capture("ndpi__ipv6_in_gtp.pcap"));
    assertEquals(DecodeResult.IP, decode(p, 0));
    assertV4("10.238.80.26", "10.238.254.75");
    assertTransport(17, 2152, 2152);
    assertEquals(128, out.ipLength);
    assertEquals(3233, out.outerVlan);
    assertEquals(5, out.innerVlan);
  }

  /** Teredo is UDP to port 3544 between the outer IPv4 addresses (ndpi/teredo.pcap frame 1). */
  @Test
  void teredoIsKeyedOnTheOuterHeaderFromCapture() throws Exception {
    TestPcap p = TestPcap.read(Resources.capture("ndpi__teredo.pcap"));
    assertEquals(DecodeResult.IP, decode(p, 0));
    assertV4("10.112.16.106", "194.136.28.76");
    assertTransport(17, 52513, 3544);
    assertEquals(89, out.ipLength);
  }

  /** GRE is protocol 47 without ports (bug-5633 frame 1: 1.1.1.2 -> 1.1.1.1, ip.len 56). */
  @Test
  void greIsKeyedOnTheOuterHeaderFromCapture() throws Exception {
    TestPcap p = TestPcap.read(Resources.capture("suricata-verify__bug-5633-gre-01__gre-udp.pcap"));
    assertEquals(DecodeResult.IP, decode(p, 0));
    assertV4("1.1.1.2", "1.1.1.1");
    assertTransport(47, 0, 0);
    assertEquals(56, out.ipLength);
  }

  /** The IPv4 header's destination, not the source route's final hop that tshark shows. */
  @Test
  void sourceRoutedIpv4KeepsTheHeaderDestinationFromCapture() throws Exception {
    TestPcap p = TestPcap.read(Resources.capture("suricata-verify__detect-ipopts__input.pcap"));
    assertEquals(DecodeResult.IP, decode(p, 1));
    // tshark -V: "Current Route: 13.14.15.16", LSRR destination 5.6.7.8 (which ip.dst shows)
    assertV4("9.10.11.12", "13.14.15.16");
    assertTransport(6, 20, 80);
    assertEquals(52, out.ipLength);
  }

  /** A snaplen-cut frame: headers complete, payload cut; ip.len is the header's 1084. */
  @Test
  void payloadCutBySnaplenStillCountsIpLengthFromCapture() throws Exception {
    TestPcap p = TestPcap.read(Resources.capture("ndpi__rsh-syslog-false-positive.pcap"));
    assertEquals(1010, p.frames.get(5).capturedLength());
    assertEquals(DecodeResult.IP, decode(p, 5));
    assertEquals(1084, out.ipLength);
    assertTransport(6, 9039, 514);
    assertFalse(out.truncated);
  }

  /** E-TAG and VN-Tag are skipped like VLAN tags but not counted as VLANs. */
  @Test
  void portExtenderTagsFromCapture() throws Exception {
    TestPcap etag = TestPcap.read(Resources.capture("suricata-verify__decode-etag-01__input.pcap"));
    assertEquals(DecodeResult.IP, decode(etag, 0));
    assertV4("52.114.124.106", "192.168.1.46");
    assertTransport(6, 443, 52566);
    assertEquals(0, out.vlanCount);
    TestPcap vntag =
        TestPcap.read(Resources.capture("suricata-verify__decode-vntag-01__input.pcap"));
    assertEquals(DecodeResult.IP, decode(vntag, 0));
    assertV4("1.1.1.1", "1.1.2.1");
    assertTransport(253, 0, 0);
    assertEquals(1, out.vlanCount);
    assertEquals(11, out.outerVlan);
  }

  // ---------------------------------------------------------------- crafted: malformed

  @Test
  void ethernetShorterThanItsHeader() {
    byte[] f = Frames.of().raw(Frames.MAC_A).raw(Frames.MAC_B).u8(0x08).build();
    assertMalformed(MalformedReason.LINK_HEADER_TRUNCATED, decode(LinkType.ETHERNET, f));
  }

  @Test
  void vlanTagCutShort() {
    byte[] f = Frames.of().ether(EtherType.VLAN).u16(5).u8(0x08).build();
    assertMalformed(MalformedReason.VLAN_TAG_TRUNCATED, decode(LinkType.ETHERNET, f));
  }

  @Test
  void stackedVlanTagCutShort() {
    byte[] f = Frames.of().ether(EtherType.QINQ_8021AD).u16(5, EtherType.VLAN, 6).build();
    assertMalformed(MalformedReason.VLAN_TAG_TRUNCATED, decode(LinkType.ETHERNET, f));
  }

  @Test
  void llcSnapCutShort() {
    byte[] f = Frames.of().ether(60).u8(0xAA, 0xAA, 0x03, 0, 0).build();
    assertMalformed(MalformedReason.LLC_HEADER_TRUNCATED, decode(LinkType.ETHERNET, f));
  }

  @Test
  void mplsStackWithoutBottomOfStack() {
    byte[] f = Frames.of().ether(EtherType.MPLS_UNICAST).u32(0x0001_0040L).u32(0x0002_0040L)
        .build();
    assertMalformed(MalformedReason.MPLS_TRUNCATED, decode(LinkType.ETHERNET, f));
  }

  @Test
  void pppoeHeaderCutShort() {
    byte[] f = Frames.of().ether(EtherType.PPPOE_SESSION).u8(0x11, 0).u16(1, 20).build();
    assertMalformed(MalformedReason.PPPOE_HEADER_TRUNCATED, decode(LinkType.ETHERNET, f));
  }

  @Test
  void ipv4HeaderCutShort() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(IpProtocol.TCP, 40).tcp(1, 2).build();
    assertMalformed(MalformedReason.IPV4_HEADER_TRUNCATED, decodeCaptured(LinkType.ETHERNET, f,
        14 + 19));
  }

  @Test
  void ipv4HeaderLengthBelowFive() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(4, IpProtocol.TCP, 40, 1, 0).tcp(1, 2)
        .build();
    assertMalformed(MalformedReason.IPV4_BAD_HEADER_LENGTH, decode(LinkType.ETHERNET, f));
  }

  @Test
  void ipv4TotalLengthBelowHeaderLength() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(6, IpProtocol.TCP, 22, 1, 0).u32(0x01010100L)
        .tcp(1, 2).build();
    assertMalformed(MalformedReason.IPV4_BAD_TOTAL_LENGTH, decode(LinkType.ETHERNET, f));
  }

  @Test
  void ipv6InsideIpv4EtherType() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv6(IpProtocol.UDP, 8).udp(1, 2, 8).build();
    assertMalformed(MalformedReason.IPV4_BAD_VERSION, decode(LinkType.ETHERNET, f));
  }

  @Test
  void ipv6HeaderCutShort() {
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.UDP, 8).udp(1, 2, 8).build();
    assertMalformed(MalformedReason.IPV6_HEADER_TRUNCATED, decodeCaptured(LinkType.ETHERNET, f,
        14 + 39));
  }

  @Test
  void ipv4InsideIpv6EtherType() {
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv4(IpProtocol.TCP, 40).tcp(1, 2).zeros(20)
        .build();
    assertMalformed(MalformedReason.IPV6_BAD_VERSION, decode(LinkType.ETHERNET, f));
  }

  @Test
  void ipv6ExtensionChainRunsOffEnd() {
    // Hop-by-Hop claims 16 octets (length 1) but the payload length is only 12.
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.HOPOPT, 12)
        .u8(IpProtocol.UDP, 1).zeros(6).udp(1, 2, 8).build();
    assertMalformed(MalformedReason.IPV6_EXTENSION_HEADER_BAD, decode(LinkType.ETHERNET, f));
  }

  @Test
  void ipv6AuthenticationHeaderLengthPastPayload() {
    // AH length 4 means (4 + 2) * 4 = 24 octets; only 16 are in the payload.
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.AH, 16)
        .u8(IpProtocol.TCP, 4).zeros(14).build();
    assertMalformed(MalformedReason.IPV6_EXTENSION_HEADER_BAD, decode(LinkType.ETHERNET, f));
  }

  @Test
  void ipv6FragmentHeaderPastPayload() {
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_FRAG, 4)
        .u8(IpProtocol.UDP, 0).u16(1).u32(7).build();
    assertMalformed(MalformedReason.IPV6_EXTENSION_HEADER_BAD, decode(LinkType.ETHERNET, f));
  }

  @Test
  void rawIpWithoutAnyByte() {
    assertMalformed(MalformedReason.IP_BAD_VERSION, decode(LinkType.RAW, new byte[0]));
  }

  @Test
  void rawIpVersionFive() {
    byte[] f = Frames.of().u8(0x55).zeros(30).build();
    assertMalformed(MalformedReason.IP_BAD_VERSION, decode(LinkType.RAW, f));
  }

  @Test
  void ipv4OnlyLinkTypeWithIpv6() {
    byte[] f = Frames.of().ipv6(IpProtocol.UDP, 8).udp(1, 2, 8).build();
    assertMalformed(MalformedReason.IPV4_BAD_VERSION, decode(LinkType.IPV4, f));
  }

  @Test
  void ipv6OnlyLinkTypeWithIpv4() {
    byte[] f = Frames.of().ipv4(IpProtocol.TCP, 40).tcp(1, 2).zeros(20).build();
    assertMalformed(MalformedReason.IPV6_BAD_VERSION, decode(LinkType.IPV6, f));
  }

  @Test
  void shortLinkHeaders() {
    assertMalformed(MalformedReason.LINK_HEADER_TRUNCATED, decode(LinkType.NULL, new byte[3]));
    assertMalformed(MalformedReason.LINK_HEADER_TRUNCATED, decode(LinkType.LOOP, new byte[3]));
    assertMalformed(MalformedReason.LINK_HEADER_TRUNCATED,
        decode(LinkType.LINUX_SLL, new byte[15]));
    assertMalformed(MalformedReason.LINK_HEADER_TRUNCATED,
        decode(LinkType.LINUX_SLL2, new byte[19]));
  }

  @Test
  void captureBoundsOutsideTheBuffer() {
    byte[] f = new byte[10];
    assertMalformed(MalformedReason.CAPTURE_BOUNDS_INVALID,
        decoder.decode(LinkType.ETHERNET, f, 4, 7, 7, out));
    assertMalformed(MalformedReason.CAPTURE_BOUNDS_INVALID,
        decoder.decode(LinkType.ETHERNET, f, -1, 2, 2, out));
    assertMalformed(MalformedReason.CAPTURE_BOUNDS_INVALID,
        decoder.decode(LinkType.ETHERNET, f, 0, -1, 2, out));
    assertMalformed(MalformedReason.CAPTURE_BOUNDS_INVALID,
        decoder.decode(LinkType.ETHERNET, null, 0, 0, 0, out));
    assertMalformed(MalformedReason.CAPTURE_BOUNDS_INVALID,
        decoder.decode(LinkType.ETHERNET, f, 11, 0, 0, out));
  }

  @Test
  void unknownLinkType() {
    byte[] f = Frames.of().ipv4(IpProtocol.TCP, 40).tcp(1, 2).build();
    assertEquals(DecodeResult.UNSUPPORTED_LINK_TYPE, decode(147, f));
    assertNull(decoder.lastMalformedReason());
  }

  // ---------------------------------------------------------------- crafted: truncation, lengths

  @Test
  void portsReadFromFourCapturedOctets() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(IpProtocol.TCP, 40).tcp(1234, 80).build();
    assertEquals(DecodeResult.IP, decodeCaptured(LinkType.ETHERNET, f, 14 + 20 + 4));
    assertTransport(6, 1234, 80);
    assertFalse(out.truncated);
    assertEquals(40, out.ipLength);
  }

  @Test
  void portsCutByTheCapture() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(IpProtocol.UDP, 28).udp(53, 53, 8).build();
    assertEquals(DecodeResult.IP, decodeCaptured(LinkType.ETHERNET, f, 14 + 20 + 3));
    assertTransport(17, 0, 0);
    assertTrue(out.truncated);
  }

  @Test
  void ipv4OptionsCutByTheCapture() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(6, IpProtocol.TCP, 44, 1, 0)
        .u32(0x01010100L).tcp(1, 2).build();
    assertEquals(DecodeResult.IP, decodeCaptured(LinkType.ETHERNET, f, 14 + 22));
    assertV4("10.0.0.1", "192.168.7.9");
    assertTransport(6, 0, 0);
    assertTrue(out.truncated);
  }

  @Test
  void ipv4OptionsAreSkipped() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(7, IpProtocol.UDP, 36, 1, 0)
        .u32(0x01010101L).u32(0x01010100L).udp(67, 68, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertTransport(17, 67, 68);
  }

  @Test
  void ethernetPaddingIsNotReadAsPorts() {
    // Total length 20: a bare header with protocol TCP; the frame is padded to 60 octets.
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(IpProtocol.TCP, 20).u16(0xAAAA, 0xBBBB)
        .zeros(22).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertTransport(6, 0, 0);
    assertEquals(20, out.ipLength);
    assertFalse(out.truncated);
  }

  @Test
  void ipv4ZeroTotalLengthTakesTheFrameLength() {
    // TSO capture: total length 0, 1000 octets of TCP segment on the wire, 60 captured.
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(IpProtocol.TCP, 0).tcp(40000, 443)
        .zeros(1000).build();
    assertEquals(DecodeResult.IP, decoder.decode(LinkType.ETHERNET, f, 0, 60, f.length, 0, out));
    assertEquals(f.length - 14, out.ipLength);
    assertTransport(6, 40000, 443);
    assertEquals(1, decoder.zeroLengthPackets());
  }

  @Test
  void ipv6ZeroPayloadLengthTakesTheFrameLength() {
    // A jumbogram (RFC 2675): payload length 0, Hop-by-Hop with the Jumbo Payload option.
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.HOPOPT, 0)
        .u8(IpProtocol.UDP, 0, 0xC2, 4).u32(70_000).udp(5, 6, 0).build();
    assertEquals(DecodeResult.IP, decoder.decode(LinkType.ETHERNET, f, 0, f.length, 70_054, 0,
        out));
    assertEquals(70_040, out.ipLength);
    assertTransport(17, 5, 6);
    assertEquals(1, decoder.zeroLengthPackets());
  }

  @Test
  void ipv6EmptyPayloadWithNoNextHeader() {
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_NONXT, 0).zeros(6).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertEquals(40, out.ipLength); // not the padded frame's 46
    assertTransport(59, 0, 0);
    assertEquals(0, decoder.zeroLengthPackets());
  }

  @Test
  void lengthBeyondTheFrameIsCountedNotMalformed() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(IpProtocol.UDP, 1000).udp(1, 2, 980)
        .build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertEquals(1000, out.ipLength);
    assertTransport(17, 1, 2);
    assertEquals(1, decoder.lengthBeyondFrame());
  }

  @Test
  void transportPortsOfEveryPortedProtocol() {
    for (int proto : new int[] {IpProtocol.TCP, IpProtocol.UDP, IpProtocol.SCTP,
        IpProtocol.UDPLITE, IpProtocol.DCCP}) {
      byte[] f = Frames.of().ipv4(proto, 32).u16(7, 9).zeros(8).build();
      assertEquals(DecodeResult.IP, decode(LinkType.RAW, f));
      assertTransport(proto, 7, 9);
    }
    byte[] icmp = Frames.of().ipv4(IpProtocol.ICMP, 28).u8(8, 0).u16(0, 1, 1).build();
    assertEquals(DecodeResult.IP, decode(LinkType.RAW, icmp));
    assertTransport(1, 0, 0);
  }

  // ---------------------------------------------------------------- crafted: IPv6 chains

  @Test
  void ipv6ExtensionChainIsWalkedToTheUpperLayer() {
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.HOPOPT, 8 + 24 + 16 + 20)
        .u8(IpProtocol.IPV6_ROUTE, 0).zeros(6)
        .u8(IpProtocol.IPV6_OPTS, 2, 0, 0).zeros(20)
        .u8(IpProtocol.TCP, 1).zeros(14)
        .tcp(1111, 22).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertTransport(6, 1111, 22);
    assertEquals(40 + 68, out.ipLength);
  }

  @Test
  void ipv6AuthenticationHeaderIsWalked() {
    // RFC 4302 §2.2: length 4 -> (4 + 2) * 4 = 24 octets.
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.AH, 24 + 8)
        .u8(IpProtocol.UDP, 4).zeros(22).udp(500, 4500, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertTransport(17, 500, 4500);
  }

  @Test
  void ipv6EspEndsTheWalk() {
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_OPTS, 8 + 16)
        .u8(IpProtocol.ESP, 0).zeros(6).u32(0x1000).u32(1).zeros(8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertTransport(50, 0, 0);
  }

  @Test
  void ipv6MobilityMessageKeepsItsOwnNumber() {
    // RFC 6275 §6.1.1: Payload Proto 59, Header Len 1 (16 octets).
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.MOBILITY, 16)
        .u8(IpProtocol.IPV6_NONXT, 1, 5, 0).zeros(12).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertTransport(135, 0, 0);
  }

  @Test
  void ipv6ExtensionHeaderCutByTheCapture() {
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.HOPOPT, 16)
        .u8(IpProtocol.UDP, 0).zeros(6).udp(1, 2, 8).build();
    assertEquals(DecodeResult.IP, decodeCaptured(LinkType.ETHERNET, f, 14 + 40 + 1));
    assertTransport(17, 0, 0); // the Next Header octet was captured
    assertTrue(out.truncated);
    assertEquals(DecodeResult.IP, decodeCaptured(LinkType.ETHERNET, f, 14 + 40));
    assertTransport(0, 0, 0);
    assertTrue(out.truncated);
  }

  @Test
  void ipv6FragmentHeaderCutByTheCapture() {
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_FRAG, 16)
        .u8(IpProtocol.UDP, 0).u16(8).u32(99).zeros(8).build();
    assertEquals(DecodeResult.IP, decodeCaptured(LinkType.ETHERNET, f, 14 + 40 + 6));
    assertTransport(44, 0, 0); // offset unknown: neither first nor later fragment
    assertFalse(out.fragment);
    assertTrue(out.truncated);
  }

  @Test
  void ipv6AtomicFragmentIsNotAFragment() {
    byte[] f = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_FRAG, 16)
        .u8(IpProtocol.UDP, 0).u16(0).u32(99).udp(1, 2, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertTransport(17, 1, 2);
    assertFalse(out.fragment);
  }

  @Test
  void ipv6LaterFragmentTakesProtocolAndPortsOfTheFirst() {
    // First fragment: Fragment -> Destination Options -> UDP; later: Fragment (next 60) only.
    byte[] first = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_FRAG, 8 + 8 + 16)
        .u8(IpProtocol.IPV6_OPTS, 0).u16(1).u32(0xABCDEF01L)
        .u8(IpProtocol.UDP, 0).zeros(6).udp(4000, 53, 100).zeros(8).build();
    byte[] later = Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_FRAG, 8 + 24)
        .u8(IpProtocol.IPV6_OPTS, 0).u16(24).u32(0xABCDEF01L).zeros(24).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, first));
    assertTransport(17, 4000, 53);
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, later));
    assertTrue(out.laterFragment);
    assertEquals(0xABCDEF01L, out.fragmentId);
    assertTransport(17, 4000, 53);
  }

  @Test
  void laterFragmentBeforeItsFirstKeepsZeroPortsAndIsCounted() {
    byte[] later = Frames.of().ether(EtherType.IPV4).ipv4(5, IpProtocol.UDP, 40, 77, 0x0003)
        .zeros(20).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, later));
    assertTrue(out.laterFragment);
    assertTransport(17, 0, 0);
    assertEquals(1, decoder.fragmentTable().laterWithoutFirst());
  }

  @Test
  void tunnelsAreNotOpened() {
    byte[] ipip = Frames.of().ipv4(IpProtocol.IPIP, 60).ipv4(IpProtocol.TCP, 40).tcp(1, 2)
        .build();
    assertEquals(DecodeResult.IP, decode(LinkType.RAW, ipip));
    assertV4("10.0.0.1", "192.168.7.9");
    assertTransport(4, 0, 0);
    byte[] sixInFour = Frames.of().ipv4(IpProtocol.IPV6, 68).ipv6(IpProtocol.UDP, 8)
        .udp(1, 2, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.RAW, sixInFour));
    assertTransport(41, 0, 0);
  }

  // ---------------------------------------------------------------- crafted: link layers

  @Test
  void bsdLoopbackInBothByteOrders() {
    byte[] v4 = Frames.of().ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build();
    byte[] v6 = Frames.of().ipv6(IpProtocol.UDP, 8).udp(1, 2, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.NULL, concat(le(2), v4)));
    assertEquals(DecodedPacket.PEER_IPV4, out.peerType);
    assertEquals(DecodeResult.IP, decode(LinkType.NULL, concat(be(2), v4)));
    assertEquals(DecodedPacket.PEER_IPV4, out.peerType);
    for (int family : new int[] {24, 28, 30}) {
      assertEquals(DecodeResult.IP, decode(LinkType.NULL, concat(le(family), v6)));
      assertEquals(DecodedPacket.PEER_IPV6, out.peerType);
      assertEquals(DecodeResult.IP, decode(LinkType.NULL, concat(be(family), v6)));
      assertEquals(DecodedPacket.PEER_IPV6, out.peerType);
    }
    assertEquals(DecodeResult.NON_IP, decode(LinkType.NULL, concat(le(7), v4))); // AF_ISO
    assertEquals(DecodeResult.IP, decode(LinkType.LOOP, concat(be(2), v4)));
    assertEquals(4, out.ipOffset);
    assertEquals(DecodeResult.NON_IP, decode(LinkType.LOOP, concat(le(2), v4)));
  }

  @Test
  void rawIpLinkTypesSelectByVersion() {
    byte[] v4 = Frames.of().ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build();
    byte[] v6 = Frames.of().ipv6(IpProtocol.UDP, 8).udp(1, 2, 8).build();
    for (int lt : new int[] {LinkType.RAW_12, LinkType.RAW_14, LinkType.RAW}) {
      assertEquals(DecodeResult.IP, decode(lt, v4));
      assertEquals(DecodedPacket.PEER_IPV4, out.peerType);
      assertEquals(DecodeResult.IP, decode(lt, v6));
      assertEquals(DecodedPacket.PEER_IPV6, out.peerType);
      assertEquals(0, out.adjacentType);
    }
    assertEquals(DecodeResult.IP, decode(LinkType.IPV4, v4));
    assertEquals(DecodeResult.IP, decode(LinkType.IPV6, v6));
  }

  @Test
  void linuxSllEthernetAddressBecomesTheSourceMac() {
    byte[] f = Frames.of().u16(0, 1, 6).raw(Frames.MAC_B).u16(0, EtherType.IPV4)
        .ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.LINUX_SLL, f));
    assertEquals(DecodedPacket.ADJACENT_ETHERNET, out.adjacentType);
    assertEquals(0x66778899AABBL, out.srcMac);
    assertEquals(0, out.dstMac);
    byte[] tunnel = Frames.of().u16(0, 778, 4).raw(Frames.V4_SRC).u16(0, 0, EtherType.IPV4)
        .ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build(); // ARPHRD_IPGRE
    assertEquals(DecodeResult.IP, decode(LinkType.LINUX_SLL, tunnel));
    assertEquals(0, out.adjacentType);
    assertEquals(0, out.srcMac);
  }

  @Test
  void linuxSll2() {
    byte[] f = Frames.of().u16(EtherType.IPV6, 0).u32(3).u16(1).u8(0, 6).raw(Frames.MAC_A)
        .u16(0).ipv6(IpProtocol.TCP, 20).tcp(80, 1025).build();
    assertEquals(DecodeResult.IP, decode(LinkType.LINUX_SLL2, f));
    assertEquals(0x001122334455L, out.srcMac);
    assertEquals(20, out.ipOffset);
    assertTransport(6, 80, 1025);
  }

  @Test
  void snapCarriesIpOtherLlcDoesNot() {
    byte[] snap = Frames.of().ether(36).u8(0xAA, 0xAA, 0x03, 0, 0, 0).u16(EtherType.IPV4)
        .ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, snap));
    assertEquals(22, out.ipOffset);
    byte[] stp = Frames.of().ether(38).u8(0x42, 0x42, 0x03).zeros(35).build();
    assertEquals(DecodeResult.NON_IP, decode(LinkType.ETHERNET, stp));
    byte[] cdp = Frames.of().ether(36).u8(0xAA, 0xAA, 0x03, 0, 0, 0x0C).u16(0x2000).zeros(28)
        .build();
    assertEquals(DecodeResult.NON_IP, decode(LinkType.ETHERNET, cdp));
  }

  @Test
  void vlanTagsOfAnyDepth() {
    byte[] f = Frames.of().ether(EtherType.QINQ_8021AD).u16(100, EtherType.QINQ_9100, 200,
        EtherType.VLAN, 300, EtherType.IPV4).ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, f));
    assertEquals(3, out.vlanCount);
    assertEquals(100, out.outerVlan);
    assertEquals(300, out.innerVlan);
    assertEquals(26, out.ipOffset);
  }

  @Test
  void mplsToIpv4AndIpv6() {
    byte[] v4 = Frames.of().ether(EtherType.MPLS_UNICAST).u32(0x0001_0040L).u32(0x0002_0140L)
        .ipv4(IpProtocol.TCP, 40).tcp(1, 2).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, v4));
    assertEquals(22, out.ipOffset);
    assertTransport(6, 1, 2);
    byte[] v6 = Frames.of().ether(EtherType.MPLS_UNICAST).u32(0x0001_0140L)
        .ipv6(IpProtocol.UDP, 8).udp(3, 4, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, v6));
    assertTransport(17, 3, 4);
    byte[] pseudowire = Frames.of().ether(EtherType.MPLS_UNICAST).u32(0x0001_0140L).u32(0)
        .ether(EtherType.IPV4).ipv4(IpProtocol.TCP, 40).tcp(1, 2).build();
    assertEquals(DecodeResult.NON_IP, decode(LinkType.ETHERNET, pseudowire));
  }

  @Test
  void pppoeSessionAndDiscovery() {
    byte[] v6 = Frames.of().ether(EtherType.PPPOE_SESSION).u8(0x11, 0).u16(7, 50, 0x0057)
        .ipv6(IpProtocol.UDP, 8).udp(1, 2, 8).build();
    assertEquals(DecodeResult.IP, decode(LinkType.ETHERNET, v6));
    assertEquals(DecodedPacket.PEER_IPV6, out.peerType);
    assertEquals(22, out.ipOffset);
    byte[] lcp = Frames.of().ether(EtherType.PPPOE_SESSION).u8(0x11, 0).u16(7, 10, 0xC021)
        .zeros(8).build();
    assertEquals(DecodeResult.NON_IP, decode(LinkType.ETHERNET, lcp));
    byte[] padi = Frames.of().ether(EtherType.PPPOE_DISCOVERY).u8(0x11, 0x09).u16(0, 0)
        .zeros(40).build();
    assertEquals(DecodeResult.NON_IP, decode(LinkType.ETHERNET, padi));
  }

  @Test
  void arpIsNotIp() {
    byte[] f = Frames.of().ether(EtherType.ARP).u16(1, 0x0800).u8(6, 4).u16(1).zeros(20)
        .build();
    assertEquals(DecodeResult.NON_IP, decode(LinkType.ETHERNET, f));
    assertNull(decoder.lastMalformedReason());
  }

  @Test
  void decodeUsesOnlyTheGivenSlice() {
    byte[] f = Frames.of().ether(EtherType.IPV4).ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build();
    byte[] buf = new byte[f.length + 100];
    Arrays.fill(buf, (byte) 0x45);
    System.arraycopy(f, 0, buf, 37, f.length);
    assertEquals(DecodeResult.IP, decoder.decode(LinkType.ETHERNET, buf, 37, f.length, f.length,
        out));
    assertEquals(14, out.ipOffset);
    assertTransport(17, 1, 2);
    // Cut one octet short of the UDP ports: bytes after the slice must not be read.
    assertEquals(DecodeResult.IP, decoder.decode(LinkType.ETHERNET, buf, 37, 14 + 20 + 3,
        f.length, out));
    assertTransport(17, 0, 0);
    assertTrue(out.truncated);
  }

  @Test
  void resultFieldsAreClearedBetweenPackets() {
    byte[] vlan = Frames.of().ether(EtherType.VLAN).u16(9, EtherType.IPV4)
        .ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build();
    byte[] raw = Frames.of().ipv4(IpProtocol.ICMP, 28).zeros(8).build();
    decode(LinkType.ETHERNET, vlan);
    decode(LinkType.RAW, raw);
    assertEquals(0, out.vlanCount);
    assertEquals(-1, out.outerVlan);
    assertEquals(0, out.srcMac);
    assertTransport(1, 0, 0);
    assertEquals(LinkType.RAW, out.linkType);
  }

  @Test
  void pppWithAddressAndControlOctets() {
    // RFC 1662: FF 03, then the protocol 0x0021 (IPv4)
    byte[] f = Frames.of().u8(0xFF, 0x03).u16(0x0021).ipv4(IpProtocol.UDP, 28).udp(53, 1053, 8)
        .build();
    assertEquals(DecodeResult.IP, decode(LinkType.PPP, f));
    assertTransport(IpProtocol.UDP, 53, 1053);
    assertEquals(28, out.ipLength);
  }

  @Test
  void pppWithoutAddressAndWithACompressedProtocol() {
    // RFC 1661 §6.5/§6.6: address-and-control and protocol fields compressed: 0x57 is IPv6
    byte[] f = Frames.of().u8(0x57).ipv6(IpProtocol.TCP, 20).tcp(80, 40000).build();
    assertEquals(DecodeResult.IP, decode(LinkType.PPP, f));
    assertEquals(DecodedPacket.PEER_IPV6, out.peerType);
    assertTransport(IpProtocol.TCP, 80, 40000);
  }

  @Test
  void pppControlProtocolsAreNotIp() {
    byte[] lcp = Frames.of().u8(0xFF, 0x03).u16(0xC021).u8(1, 1).u16(4).build();
    assertEquals(DecodeResult.NON_IP, decode(LinkType.PPP, lcp));
  }

  @Test
  void pppProtocolCutShort() {
    assertMalformed(MalformedReason.LINK_HEADER_TRUNCATED,
        decode(LinkType.PPP, Frames.of().u8(0xFF, 0x03, 0x00).build()));
  }

  @Test
  void ciscoHdlcCarriesIpByEtherType() {
    byte[] f = Frames.of().u8(0x0F, 0x00).u16(EtherType.IPV4).ipv4(IpProtocol.TCP, 40)
        .tcp(179, 11000).build();
    assertEquals(DecodeResult.IP, decode(LinkType.C_HDLC, f));
    assertTransport(IpProtocol.TCP, 179, 11000);
    // The same frame in a capture whose link type says PPP (Wireshark's "ppp:chdlc").
    assertEquals(DecodeResult.IP, decode(LinkType.PPP, f));
    assertTransport(IpProtocol.TCP, 179, 11000);
  }

  @Test
  void ciscoHdlcKeepalivesAreNotIp() {
    byte[] slarp = Frames.of().u8(0x8F, 0x00).u16(0x8035).u32(2).zeros(14).build();
    assertEquals(DecodeResult.NON_IP, decode(LinkType.C_HDLC, slarp));
    assertMalformed(MalformedReason.LINK_HEADER_TRUNCATED,
        decode(LinkType.C_HDLC, Frames.of().u8(0x0F, 0x00, 0x08).build()));
  }

  // ---------------------------------------------------------------- helpers

  private DecodeResult decode(int linkType, byte[] f) {
    return decoder.decode(linkType, f, 0, f.length, f.length, 0L, out);
  }

  private DecodeResult decodeCaptured(int linkType, byte[] f, int captured) {
    return decoder.decode(linkType, Arrays.copyOf(f, captured), 0, captured, f.length, 0L, out);
  }

  private DecodeResult decode(TestPcap p, int index) {
    TestPcap.Frame f = p.frames.get(index);
    return decoder.decode(f.linkType(), p.data, f.offset(), f.capturedLength(), f.wireLength(),
        f.timestampNanos(), out);
  }

  private void assertMalformed(MalformedReason reason, DecodeResult r) {
    assertEquals(DecodeResult.MALFORMED, r);
    assertEquals(reason, decoder.lastMalformedReason());
  }

  private void assertV4(String src, String dst) {
    assertEquals(DecodedPacket.PEER_IPV4, out.peerType);
    assertEquals(4, out.addressLength);
    assertEquals(v4(src), out.srcAddrHi);
    assertEquals(v4(dst), out.dstAddrHi);
    assertEquals(0, out.srcAddrLo);
    assertEquals(0, out.dstAddrLo);
  }

  private void assertTransport(int protocol, int srcPort, int dstPort) {
    assertEquals(protocol, out.protocol, "protocol");
    assertEquals(srcPort, out.srcPort, "source port");
    assertEquals(dstPort, out.dstPort, "destination port");
  }

  private static long v4(String dotted) {
    long v = 0;
    for (String part : dotted.split("\\.")) {
      v = (v << 8) | Integer.parseInt(part);
    }
    return v << 32;
  }

  private static byte[] le(int family) {
    return new byte[] {(byte) family, (byte) (family >>> 8), 0, 0};
  }

  private static byte[] be(int family) {
    return new byte[] {0, 0, (byte) (family >>> 8), (byte) family};
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
