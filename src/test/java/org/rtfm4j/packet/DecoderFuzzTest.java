package org.rtfm4j.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * {@link PacketDecoder} on arbitrary frames of every link type it knows, and of others (Jazzer).
 *
 * <p>An input is a link type selector (one octet), then frames, each a two-octet length, a
 * wire-length octet and that many bytes (the last frame takes what is left). The frames go through
 * one decoder in order, so first and later fragments meet in its fragment table. For every frame:
 * no decoder fault (the decoder counts a RuntimeException as one rather than throwing it), a
 * malformed result always has a reason and only a malformed one; the result does not depend on
 * the bytes around the frame in its buffer (the frame is decoded at an offset inside two buffers
 * filled differently); and an IP result's fields are in range and agree with the frame's own
 * bytes at the IP offset it reports (version, addresses; the IPv4 protocol).
 *
 * <p>Seed inputs (frames of the committed captures of every link type) and every finding live in
 * {@code DecoderFuzzTestInputs/decodeAnyFrames}; {@code bench/fuzz.sh} fuzzes.
 */
class DecoderFuzzTest {
  /** Selector values below 128 pick one of these; 128..255 are used as the link type itself. */
  static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.NULL, LinkType.LOOP,
      LinkType.RAW_12, LinkType.RAW_14, LinkType.RAW, LinkType.IPV4, LinkType.IPV6,
      LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.PPP, LinkType.C_HDLC};
  private static final int RAW_SELECTOR = 0x80;
  /** Frame header in an input: two-octet length, one octet for the wire length. */
  private static final int FRAME_HEADER = 3;
  /** A wire-length octet of 255 says the wire length is below the captured one (a lie). */
  private static final int WIRE_SHORTER = 0xff;
  private static final int GUARD = 32;
  private static final long SECOND = 1_000_000_000L;
  /** Small, so that fragment entries are evicted within one input. */
  private static final int FRAGMENT_SLOTS = 4;

  private static final int IPV4_HEADER = 20;
  private static final int IPV6_HEADER = 40;
  private static final int IPV4_PROTOCOL = 9;
  private static final int IPV4_SRC = 12;
  private static final int IPV6_SRC = 8;
  private static final int IPV6_NEXT_HEADER = 6;
  /** TCP, UDP, SCTP, DCCP and UDP-Lite begin with the source and destination ports. */
  private static final int PORTS = 4;
  private static final int MAX_VLAN = 0xfff;
  private static final long MAC_BITS = 0xffff_ffff_ffffL;

  @FuzzTest
  void decodeAnyFrames(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int selector = input[0] & 0xff;
    int linkType = selector < RAW_SELECTOR ? LINK_TYPES[selector % LINK_TYPES.length] : selector;
    PacketDecoder a = new PacketDecoder(new FragmentTable(FRAGMENT_SLOTS, 30 * SECOND));
    PacketDecoder b = new PacketDecoder(new FragmentTable(FRAGMENT_SLOTS, 30 * SECOND));
    DecodedPacket outA = new DecodedPacket();
    DecodedPacket outB = new DecodedPacket();
    int pos = 1;
    for (int n = 0; pos < input.length; n++) {
      int length = input.length - pos;
      int wireOctet = 0;
      if (length >= FRAME_HEADER) {
        length = Math.min(((input[pos] & 0xff) << 8) | (input[pos + 1] & 0xff),
            input.length - pos - FRAME_HEADER);
        wireOctet = input[pos + 2] & 0xff;
        pos += FRAME_HEADER;
      }
      byte[] frame = Arrays.copyOfRange(input, pos, pos + length);
      pos += length;
      int wire = wireOctet == WIRE_SHORTER ? length / 2 : length + wireOctet;
      long now = n * SECOND;

      byte[] bufA = new byte[GUARD + length + GUARD];
      byte[] bufB = new byte[bufA.length];
      Arrays.fill(bufA, (byte) 0x45);
      Arrays.fill(bufB, (byte) 0x60);
      System.arraycopy(frame, 0, bufA, GUARD, length);
      System.arraycopy(frame, 0, bufB, GUARD, length);
      DecodeResult ra = a.decode(linkType, bufA, GUARD, length, wire, now, outA);
      DecodeResult rb = b.decode(linkType, bufB, GUARD, length, wire, now, outB);
      assertEquals(0, a.decoderFaults(), "decoder fault on frame " + n);
      assertNotNull(ra);
      assertEquals(ra, rb, "frame " + n + ": the bytes around the frame changed the result");
      assertEquals(a.lastMalformedReason(), b.lastMalformedReason());
      assertSameFields(outA, outB, n);
      if (ra == DecodeResult.MALFORMED) {
        assertNotNull(a.lastMalformedReason(), "malformed without a reason");
      } else {
        assertNull(a.lastMalformedReason(), ra + " with a malformed reason");
      }
      checkFields(ra, outA, frame, linkType, n);
    }
  }

  /** Ranges every result keeps, and for IP the header bytes at the reported offset. */
  private static void checkFields(DecodeResult r, DecodedPacket p, byte[] frame, int linkType,
      int n) {
    String at = "frame " + n + " (" + r + "): ";
    assertEquals(linkType, p.linkType, at + "link type");
    assertTrue(p.outerVlan >= -1 && p.outerVlan <= MAX_VLAN, at + "outer VLAN " + p.outerVlan);
    assertTrue(p.innerVlan >= -1 && p.innerVlan <= MAX_VLAN, at + "inner VLAN " + p.innerVlan);
    assertTrue(p.vlanCount >= 0, at + "VLAN count");
    assertEquals(0, p.srcMac & ~MAC_BITS, at + "source MAC beyond 48 bits");
    assertEquals(0, p.dstMac & ~MAC_BITS, at + "destination MAC beyond 48 bits");
    assertTrue(p.adjacentType == 0 || p.adjacentType == DecodedPacket.ADJACENT_ETHERNET,
        at + "adjacent type " + p.adjacentType);
    if (r != DecodeResult.IP) {
      return;
    }
    assertTrue(p.srcPort >= 0 && p.srcPort <= 0xffff, at + "source port " + p.srcPort);
    assertTrue(p.dstPort >= 0 && p.dstPort <= 0xffff, at + "destination port " + p.dstPort);
    assertTrue(p.protocol >= 0 && p.protocol <= 0xff, at + "protocol " + p.protocol);
    assertTrue(p.srcPort == 0 && p.dstPort == 0 || IpProtocol.hasPorts(p.protocol),
        at + "ports for protocol " + p.protocol);
    assertTrue(!p.laterFragment || p.fragment, at + "a later fragment that is no fragment");
    int ip = p.ipOffset;
    if (p.peerType == DecodedPacket.PEER_IPV4) {
      assertEquals(4, p.addressLength, at + "IPv4 address length");
      assertTrue(ip >= 0 && ip + IPV4_HEADER <= frame.length, at + "IPv4 header at " + ip);
      assertEquals(4, (frame[ip] & 0xff) >>> 4, at + "version nibble at " + ip);
      assertTrue(p.ipLength >= IPV4_HEADER, at + "IPv4 length " + p.ipLength);
      assertEquals(frame[ip + IPV4_PROTOCOL] & 0xff, p.protocol, at + "IPv4 protocol");
      assertEquals(word(frame, ip + IPV4_SRC) << 32, p.srcAddrHi, at + "IPv4 source");
      assertEquals(word(frame, ip + IPV4_SRC + 4) << 32, p.dstAddrHi, at + "IPv4 destination");
      assertEquals(0, p.srcAddrLo | p.dstAddrLo, at + "IPv4 address low words");
      if (!p.fragment) {
        checkPorts(p, frame, ip + ((frame[ip] & 0x0f) << 2), (frame[ip] & 0x0f) << 2, at);
      }
    } else {
      assertEquals(DecodedPacket.PEER_IPV6, p.peerType, at + "peer type");
      assertEquals(16, p.addressLength, at + "IPv6 address length");
      assertTrue(ip >= 0 && ip + IPV6_HEADER <= frame.length, at + "IPv6 header at " + ip);
      assertEquals(6, (frame[ip] & 0xff) >>> 4, at + "version nibble at " + ip);
      assertTrue(p.ipLength >= IPV6_HEADER, at + "IPv6 length " + p.ipLength);
      int s = ip + IPV6_SRC;
      assertEquals(word(frame, s) << 32 | word(frame, s + 4), p.srcAddrHi, at + "source hi");
      assertEquals(word(frame, s + 8) << 32 | word(frame, s + 12), p.srcAddrLo, at + "source lo");
      assertEquals(word(frame, s + 16) << 32 | word(frame, s + 20), p.dstAddrHi, at + "dest hi");
      assertEquals(word(frame, s + 24) << 32 | word(frame, s + 28), p.dstAddrLo, at + "dest lo");
      if (IpProtocol.hasPorts(frame[ip + IPV6_NEXT_HEADER] & 0xff)) {
        // No extension header: the upper layer follows the fixed header (RFC 8200 §3).
        assertEquals(frame[ip + IPV6_NEXT_HEADER] & 0xff, p.protocol, at + "IPv6 next header");
        checkPorts(p, frame, ip + IPV6_HEADER, IPV6_HEADER, at);
      }
    }
    assertNotEquals(0, p.peerType);
  }

  /**
   * A datagram that is no fragment, with a transport header at {@code transport} (frame offset;
   * {@code headerLength} into the datagram) whose protocol has ports: they are its first four
   * octets when the datagram's length and the capture reach that far, else both are 0.
   */
  private static void checkPorts(DecodedPacket p, byte[] frame, int transport, int headerLength,
      String at) {
    if (!IpProtocol.hasPorts(p.protocol)) {
      return;
    }
    if (headerLength + PORTS <= p.ipLength && transport + PORTS <= frame.length) {
      assertEquals(u16(frame, transport), p.srcPort, at + "source port");
      assertEquals(u16(frame, transport + 2), p.dstPort, at + "destination port");
    } else {
      assertEquals(0, p.srcPort | p.dstPort, at + "ports beyond the datagram or the capture");
    }
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
  }

  /** Four octets big-endian, unsigned. */
  private static long word(byte[] b, int i) {
    return ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8)
        | (b[i + 3] & 0xff);
  }

  private static void assertSameFields(DecodedPacket x, DecodedPacket y, int n) {
    String at = "frame " + n + ": the bytes around the frame changed ";
    assertEquals(x.adjacentType, y.adjacentType, at + "adjacentType");
    assertEquals(x.srcMac, y.srcMac, at + "srcMac");
    assertEquals(x.dstMac, y.dstMac, at + "dstMac");
    assertEquals(x.vlanCount, y.vlanCount, at + "vlanCount");
    assertEquals(x.outerVlan, y.outerVlan, at + "outerVlan");
    assertEquals(x.innerVlan, y.innerVlan, at + "innerVlan");
    assertEquals(x.peerType, y.peerType, at + "peerType");
    assertEquals(x.addressLength, y.addressLength, at + "addressLength");
    assertEquals(x.srcAddrHi, y.srcAddrHi, at + "srcAddrHi");
    assertEquals(x.srcAddrLo, y.srcAddrLo, at + "srcAddrLo");
    assertEquals(x.dstAddrHi, y.dstAddrHi, at + "dstAddrHi");
    assertEquals(x.dstAddrLo, y.dstAddrLo, at + "dstAddrLo");
    assertEquals(x.ipLength, y.ipLength, at + "ipLength");
    assertEquals(x.ipOffset, y.ipOffset, at + "ipOffset");
    assertEquals(x.protocol, y.protocol, at + "protocol");
    assertEquals(x.srcPort, y.srcPort, at + "srcPort");
    assertEquals(x.dstPort, y.dstPort, at + "dstPort");
    assertEquals(x.fragment, y.fragment, at + "fragment");
    assertEquals(x.laterFragment, y.laterFragment, at + "laterFragment");
    assertEquals(x.fragmentId, y.fragmentId, at + "fragmentId");
    assertEquals(x.truncated, y.truncated, at + "truncated");
  }
}
