package org.rtfm4j.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random frames: the decoder never throws, never faults, never reads outside the
 * slice it is given, and allocates nothing per packet.
 */
class DecoderRobustnessTest {
  private static final int[] LINK_TYPES = {LinkType.NULL, LinkType.ETHERNET, LinkType.RAW_12,
      LinkType.RAW_14, LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL, LinkType.IPV4,
      LinkType.IPV6, LinkType.LINUX_SLL2};
  private static final int ITERATIONS = 300_000;
  private static final int GUARD = 64;

  @Test
  void mutatedFramesNeverFaultAndReadOnlyTheirSlice() {
    List<byte[]> seeds = seeds();
    SplittableRandom rnd = new SplittableRandom(2722);
    PacketDecoder a = new PacketDecoder();
    PacketDecoder b = new PacketDecoder();
    DecodedPacket outA = new DecodedPacket();
    DecodedPacket outB = new DecodedPacket();
    int[] byResult = new int[DecodeResult.values().length];
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] frame = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
      int linkType = rnd.nextInt(10) == 0 ? rnd.nextInt(300) : LINK_TYPES[i % LINK_TYPES.length];
      int captured = rnd.nextInt(4) == 0 ? rnd.nextInt(frame.length + 1) : frame.length;
      int wire = rnd.nextInt(8) == 0 ? rnd.nextInt(100_000) : frame.length;
      // The same slice inside two buffers whose surroundings differ: results must be identical.
      byte[] bufA = new byte[GUARD + frame.length + GUARD];
      byte[] bufB = new byte[bufA.length];
      Arrays.fill(bufA, (byte) 0x45);
      Arrays.fill(bufB, (byte) 0x60);
      System.arraycopy(frame, 0, bufA, GUARD, frame.length);
      System.arraycopy(frame, 0, bufB, GUARD, frame.length);
      DecodeResult ra = a.decode(linkType, bufA, GUARD, captured, wire, i, outA);
      DecodeResult rb = b.decode(linkType, bufB, GUARD, captured, wire, i, outB);
      assertEquals(ra, rb);
      assertEquals(a.lastMalformedReason(), b.lastMalformedReason());
      assertSame(outA, outB, i);
      byResult[ra.ordinal()]++;
      if (ra == DecodeResult.IP) {
        assertTrue(outA.peerType == DecodedPacket.PEER_IPV4
            || outA.peerType == DecodedPacket.PEER_IPV6);
        assertTrue(outA.ipOffset >= 0 && outA.ipOffset < captured);
        assertTrue(outA.ipLength >= (outA.peerType == DecodedPacket.PEER_IPV4 ? 20 : 40));
        assertTrue(outA.srcPort == 0 && outA.dstPort == 0 || IpProtocol.hasPorts(outA.protocol));
      }
    }
    assertEquals(0, a.decoderFaults());
    // Every kind of outcome was reached, so the mutations explored the decoder.
    for (DecodeResult r : DecodeResult.values()) {
      assertTrue(byResult[r.ordinal()] > 100, r + ": " + byResult[r.ordinal()]);
    }
  }

  @Test
  void decodingAllocatesNothing() {
    com.sun.management.ThreadMXBean threads;
    try {
      threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    } catch (ClassCastException e) {
      threads = null;
    }
    assumeTrue(threads != null && threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    List<byte[]> seeds = seeds();
    PacketDecoder decoder = new PacketDecoder(new FragmentTable(1024, 1_000_000_000L));
    DecodedPacket out = new DecodedPacket();
    int[] linkTypes = new int[seeds.size()];
    for (int i = 0; i < seeds.size(); i++) {
      linkTypes[i] = seeds.get(i)[0] == 0x00 || seeds.get(i)[0] == 0x66 ? LinkType.ETHERNET
          : LinkType.RAW;
    }
    long id = Thread.currentThread().getId();
    long sink = 0;
    for (int round = 0; round < 2; round++) { // the first round warms up class loading
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 200_000; i++) {
        int s = i % seeds.size();
        byte[] f = seeds.get(s);
        DecodeResult r = decoder.decode(linkTypes[s], f, 0, f.length, f.length, i * 1000L, out);
        sink += r == DecodeResult.IP ? 1 : 0;
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      if (round == 1) {
        assertTrue(allocated < 1024, "bytes allocated for 200k packets: " + allocated);
      }
    }
    assertTrue(sink > 0);
  }

  /** Valid frames of many shapes (Ethernet ones start with MAC_A, raw ones with 0x4_/0x6_). */
  private static List<byte[]> seeds() {
    List<byte[]> s = new ArrayList<>();
    s.add(Frames.of().ether(EtherType.IPV4).ipv4(IpProtocol.TCP, 40).tcp(1, 2).build());
    s.add(Frames.of().ether(EtherType.VLAN).u16(5, EtherType.QINQ_9100, 6, EtherType.IPV6)
        .ipv6(IpProtocol.HOPOPT, 8 + 8 + 8).u8(IpProtocol.IPV6_FRAG, 0).zeros(6)
        .u8(IpProtocol.UDP, 0).u16(1).u32(9).udp(1, 2, 8).build());
    s.add(Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.IPV6_FRAG, 8 + 8)
        .u8(IpProtocol.UDP, 0).u16(8).u32(9).zeros(8).build());
    s.add(Frames.of().ether(EtherType.IPV6).ipv6(IpProtocol.AH, 24 + 20)
        .u8(IpProtocol.TCP, 4).zeros(22).tcp(3, 4).build());
    s.add(Frames.of().ether(EtherType.MPLS_UNICAST).u32(0x0001_0040L).u32(0x0002_0140L)
        .ipv4(IpProtocol.UDP, 28).udp(5, 6, 8).build());
    s.add(Frames.of().ether(EtherType.PPPOE_SESSION).u8(0x11, 0).u16(7, 30).u8(0x21)
        .ipv4(IpProtocol.UDP, 28).udp(5, 6, 8).build());
    s.add(Frames.of().ether(36).u8(0xAA, 0xAA, 0x03, 0, 0, 0).u16(EtherType.IPV4)
        .ipv4(IpProtocol.UDP, 28).udp(3, 4, 8).build());
    s.add(Frames.of().ether(EtherType.E_TAG).zeros(6).u16(EtherType.IPV4)
        .ipv4(7, IpProtocol.SCTP, 40, 5, 0x2000).u32(0x01010101L).u32(0x01010100L)
        .u16(7, 8).zeros(8).build());
    s.add(Frames.of().ether(EtherType.IPV4).ipv4(5, IpProtocol.SCTP, 28, 5, 0x0001).zeros(8)
        .build());
    s.add(Frames.of().ipv4(IpProtocol.UDP, 0).udp(1, 2, 8).zeros(40).build());
    s.add(Frames.of().ipv6(IpProtocol.MOBILITY, 16).u8(IpProtocol.IPV6_NONXT, 1).zeros(14)
        .build());
    s.add(Frames.of().ipv6(IpProtocol.HOPOPT, 0).u8(IpProtocol.TCP, 0, 0xC2, 4).u32(70_000)
        .tcp(1, 2).build());
    return s;
  }

  private static byte[] mutate(byte[] seed, SplittableRandom rnd) {
    byte[] f;
    switch (rnd.nextInt(4)) {
      case 0:
        f = new byte[rnd.nextInt(120)];
        for (int i = 0; i < f.length; i++) {
          f[i] = (byte) rnd.nextInt(256);
        }
        return f;
      case 1:
        f = Arrays.copyOf(seed, rnd.nextInt(seed.length + 1));
        break;
      default:
        f = seed.clone();
    }
    int flips = 1 + rnd.nextInt(4);
    for (int i = 0; i < flips && f.length > 0; i++) {
      int pos = rnd.nextInt(f.length);
      // Favour the bytes that steer decoding: small values, 0xFF, and version/length nibbles.
      int[] interesting = {0, 1, 4, 5, 6, 0x0F, 0x2B, 0x2C, 0x33, 0x3A, 0x3B, 0x45, 0x60, 0x81,
          0x86, 0x88, 0xAA, 0xFF};
      f[pos] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256)
          : interesting[rnd.nextInt(interesting.length)]);
    }
    return f;
  }

  private static void assertSame(DecodedPacket x, DecodedPacket y, int i) {
    String m = "iteration " + i;
    assertEquals(x.adjacentType, y.adjacentType, m);
    assertEquals(x.srcMac, y.srcMac, m);
    assertEquals(x.dstMac, y.dstMac, m);
    assertEquals(x.vlanCount, y.vlanCount, m);
    assertEquals(x.outerVlan, y.outerVlan, m);
    assertEquals(x.innerVlan, y.innerVlan, m);
    assertEquals(x.peerType, y.peerType, m);
    assertEquals(x.srcAddrHi, y.srcAddrHi, m);
    assertEquals(x.srcAddrLo, y.srcAddrLo, m);
    assertEquals(x.dstAddrHi, y.dstAddrHi, m);
    assertEquals(x.dstAddrLo, y.dstAddrLo, m);
    assertEquals(x.ipLength, y.ipLength, m);
    assertEquals(x.ipOffset, y.ipOffset, m);
    assertEquals(x.protocol, y.protocol, m);
    assertEquals(x.srcPort, y.srcPort, m);
    assertEquals(x.dstPort, y.dstPort, m);
    assertEquals(x.fragment, y.fragment, m);
    assertEquals(x.laterFragment, y.laterFragment, m);
    assertEquals(x.fragmentId, y.fragmentId, m);
    assertEquals(x.truncated, y.truncated, m);
  }
}
