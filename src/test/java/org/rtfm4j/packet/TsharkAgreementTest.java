package org.rtfm4j.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder agrees with tshark on the committed captures and on crafted frames of every link
 * type it supports (written to a pcap here, dissected by tshark at test time).
 */
class TsharkAgreementTest {
  @TempDir Path tmp;

  @BeforeAll
  static void needsTshark() {
    assumeTrue(TsharkTruth.available(), "tshark not installed");
  }

  @Test
  void committedCapturesMatchTshark() throws Exception {
    Path dir = Resources.directory();
    List<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pcap")).sorted()
          .collect(Collectors.toList());
    }
    FrameComparison c = CorpusDecodeTest.compareAll(dir, files);
    assertEquals(Map.of(), c.unexplained, () -> String.join("\n", c.samples));
    assertEquals(0, c.filesTsharkRefused);
    // Guard against a vacuous pass: the committed files hold this many IP frames (capinfos -c).
    assertEquals(true, c.ipFramesCompared > 150, "IP frames compared: " + c.ipFramesCompared);
  }

  @Test
  void craftedEthernetFramesMatchTshark() throws Exception {
    List<byte[]> f = new ArrayList<>();
    f.add(Frames.of().ether(EtherType.QINQ_8021AD).u16(100, EtherType.QINQ_9100, 200,
        EtherType.VLAN, 300, EtherType.IPV4).ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build());
    f.add(Frames.of().ether(36).u8(0xAA, 0xAA, 0x03, 0, 0, 0).u16(EtherType.IPV4)
        .ipv4(IpProtocol.UDP, 28).udp(3, 4, 8).zeros(10).build());
    f.add(Frames.of().ether(EtherType.MPLS_UNICAST).u32(0x0001_0040L).u32(0x0002_0140L)
        .ipv4(IpProtocol.TCP, 40).tcp(5, 6).build());
    f.add(Frames.of().ether(EtherType.MPLS_UNICAST).u32(0x0001_0140L)
        .ipv6(IpProtocol.UDP, 8).udp(7, 8, 8).build());
    f.add(Frames.of().ether(EtherType.PPPOE_SESSION).u8(0x11, 0).u16(7, 50, 0x0057)
        .ipv6(IpProtocol.UDP, 8).udp(9, 10, 8).build());
    f.add(Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.HOPOPT, 8 + 24 + 16 + 20)
        .u8(IpProtocol.IPV6_ROUTE, 0).u8(1, 4).zeros(4)
        .u8(IpProtocol.IPV6_OPTS, 2, 0, 0).zeros(20)
        .u8(IpProtocol.TCP, 1).u8(1, 12).zeros(12)
        .tcp(1111, 22).build());
    f.add(Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.AH, 24 + 8)
        .u8(IpProtocol.UDP, 4).zeros(22).udp(500, 4500, 8).build());
    f.add(Frames.of().ether(EtherType.IPV4).ipv4(7, IpProtocol.UDP, 36, 1, 0)
        .u32(0x01010101L).u32(0x01010100L).udp(67, 68, 8).build());
    f.add(Frames.of().ether(EtherType.IPV4).ipv4(IpProtocol.TCP, 20).u16(0xAAAA, 0xBBBB)
        .zeros(22).build());
    // IPv4 fragments (first, later) and IPv6 fragments (first, later).
    f.add(Frames.of().ether(EtherType.IPV4).ipv4(5, IpProtocol.UDP, 36, 77, 0x2000)
        .udp(4000, 53, 100).zeros(8).build());
    f.add(Frames.of().ether(EtherType.IPV4).ipv4(5, IpProtocol.UDP, 36, 77, 0x0002)
        .zeros(16).build());
    f.add(Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_FRAG, 8 + 16)
        .u8(IpProtocol.UDP, 0).u16(1).u32(0xABCDEF01L).udp(4001, 53, 100).zeros(8).build());
    f.add(Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_FRAG, 8 + 16)
        .u8(IpProtocol.UDP, 0).u16(16).u32(0xABCDEF01L).zeros(16).build());
    // Malformed in different ways.
    f.add(Frames.of().ether(EtherType.IPV4).ipv4(4, IpProtocol.TCP, 40, 1, 0).tcp(1, 2).build());
    f.add(Frames.of().ether(EtherType.IPV4).ipv4(6, IpProtocol.TCP, 22, 1, 0).u32(0x01010100L)
        .tcp(1, 2).build());
    f.add(Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.HOPOPT, 12)
        .u8(IpProtocol.UDP, 1).zeros(6).udp(1, 2, 8).build());
    f.add(Frames.of().ether(EtherType.IPV4).ipv6(IpProtocol.UDP, 8).udp(1, 2, 8).build());
    f.add(Frames.of().ether(EtherType.VLAN).u16(5).u8(0x08).build());
    assertAgrees(LinkType.ETHERNET, f, 13);
  }

  @Test
  void craftedLoopbackAndRawFramesMatchTshark() throws Exception {
    byte[] v4 = Frames.of().ipv4(IpProtocol.UDP, 28).udp(11, 12, 8).build();
    byte[] v6 = Frames.of().ipv6(IpProtocol.TCP, 20).tcp(13, 14).build();
    List<byte[]> nul = new ArrayList<>();
    for (int family : new int[] {2, 24, 28, 30}) {
      byte[] payload = family == 2 ? v4 : v6;
      nul.add(concat(new byte[] {(byte) family, 0, 0, 0}, payload));
      nul.add(concat(new byte[] {0, 0, 0, (byte) family}, payload));
    }
    assertAgrees(LinkType.NULL, nul, 8);
    assertAgrees(LinkType.LOOP, List.of(concat(new byte[] {0, 0, 0, 2}, v4),
        concat(new byte[] {0, 0, 0, 24}, v6)), 2);
    for (int lt : new int[] {LinkType.RAW_12, LinkType.RAW_14, LinkType.RAW}) {
      assertAgrees(lt, List.of(v4, v6), 2);
    }
    assertAgrees(LinkType.IPV4, List.of(v4, v6), 1);
    assertAgrees(LinkType.IPV6, List.of(v6, v4), 1);
  }

  @Test
  void craftedLinuxCookedFramesMatchTshark() throws Exception {
    List<byte[]> sll = List.of(
        Frames.of().u16(0, 1, 6).raw(Frames.MAC_B).u16(0, EtherType.IPV4)
            .ipv4(IpProtocol.UDP, 28).udp(1, 2, 8).build(),
        Frames.of().u16(4, 1, 6).raw(Frames.MAC_A).u16(0, EtherType.VLAN, 42, EtherType.IPV6)
            .ipv6(IpProtocol.TCP, 20).tcp(3, 4).build(),
        Frames.of().u16(0, 772, 6).zeros(8).u16(EtherType.IPV4)
            .ipv4(IpProtocol.TCP, 40).tcp(5, 6).build());
    assertAgrees(LinkType.LINUX_SLL, sll, 3);
    List<byte[]> sll2 = List.of(
        Frames.of().u16(EtherType.IPV6, 0).u32(3).u16(1).u8(0, 6).raw(Frames.MAC_A).u16(0)
            .ipv6(IpProtocol.TCP, 20).tcp(80, 1025).build(),
        Frames.of().u16(EtherType.IPV4, 0).u32(1).u16(1).u8(4, 6).raw(Frames.MAC_B).u16(0)
            .ipv4(IpProtocol.UDP, 28).udp(7, 8, 8).build(),
        Frames.of().u16(EtherType.ARP, 0).u32(1).u16(1).u8(0, 6).raw(Frames.MAC_B).u16(0)
            .u16(1, 0x0800).u8(6, 4).u16(1).zeros(20).build());
    assertAgrees(LinkType.LINUX_SLL2, sll2, 2);
  }

  private void assertAgrees(int linkType, List<byte[]> frames, int ipFrames) throws Exception {
    Path file = tmp.resolve("crafted-" + linkType + ".pcap");
    List<Integer> wire = frames.stream().map(b -> b.length).collect(Collectors.toList());
    TestPcap.write(file, linkType, frames, wire);
    FrameComparison c = new FrameComparison();
    c.compare(file.getFileName().toString(), TestPcap.read(file), TsharkTruth.of(file));
    assertEquals(Map.of(), c.unexplained, () -> String.join("\n", c.samples));
    assertEquals(frames.size(), c.framesCompared, "frames compared");
    assertEquals(ipFrames, c.ipFramesCompared, "IP frames both sides agree on");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
