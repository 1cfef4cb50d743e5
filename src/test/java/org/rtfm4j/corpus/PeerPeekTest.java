package org.rtfm4j.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtfm4j.capture.CaptureException;
import org.rtfm4j.capture.CaptureFile;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.packet.DecodeResult;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.FragmentTable;
import org.rtfm4j.packet.PacketDecoder;
import org.rtfm4j.packet.PeerPeek;

/**
 * {@link PeerPeek} on every packet of the corpus: where it takes a packet, the full decoder finds
 * the same peer type and addresses, and decoding only the leading bytes it names (the rest of
 * the buffer filled with other bytes) gives exactly what decoding the whole packet gives. That
 * is what lets a matching thread decode a packet from its header bytes alone (--threads).
 */
class PeerPeekTest {
  private static final int NOISE = 0x5A;

  @Test
  void peekedPacketsDecodeTheSameFromTheirLeadingBytes() throws Exception {
    List<String> problems = new ArrayList<>();
    long[] counts = new long[2]; // packets, peeked
    for (CorpusIndex.Entry e : CorpusIndex.read(CorpusIndex.corpusOrFallback())) {
      PacketDecoder whole = new PacketDecoder(new FragmentTable());
      PacketDecoder part = new PacketDecoder(new FragmentTable());
      DecodedPacket a = new DecodedPacket();
      DecodedPacket b = new DecodedPacket();
      DecodedPacket peeked = new DecodedPacket();
      try (CaptureFile f = CaptureFiles.open(e.path())) {
        f.run((ifc, linkType, ts, data, offset, captured, wire) -> {
          counts[0]++;
          peeked.peerType = 0;
          int bytes = PeerPeek.peek(linkType, data, offset, captured, peeked);
          if (bytes == 0) {
            return;
          }
          counts[1]++;
          DecodeResult ra = whole.decode(linkType, data, offset, captured, wire, ts, a);
          byte[] head = new byte[captured];
          Arrays.fill(head, (byte) NOISE);
          System.arraycopy(data, offset, head, 0, bytes);
          DecodeResult rb = part.decode(linkType, head, 0, captured, wire, ts, b);
          String what = e.file() + " packet " + counts[0];
          if (ra != rb || !same(a, b)) {
            problems.add(what + ": whole " + ra + " " + text(a) + ", head " + rb + " " + text(b));
          } else if (ra == DecodeResult.IP && (a.peerType != peeked.peerType
              || a.srcAddrHi != peeked.srcAddrHi || a.srcAddrLo != peeked.srcAddrLo
              || a.dstAddrHi != peeked.dstAddrHi || a.dstAddrLo != peeked.dstAddrLo)) {
            problems.add(what + ": peeked addresses differ from decoded " + text(a));
          }
        });
      } catch (CaptureException damaged) {
        // Damaged captures end early; the packets before the damage were compared.
      }
    }
    assertTrue(problems.isEmpty(), problems.size() + " problems, first: "
        + problems.subList(0, Math.min(5, problems.size())));
    assertTrue(counts[1] > counts[0] / 2, "most corpus packets are of the common shape: "
        + counts[1] + " of " + counts[0]);
  }

  private static boolean same(DecodedPacket a, DecodedPacket b) {
    return text(a).equals(text(b));
  }

  private static String text(DecodedPacket p) {
    return List.of(p.linkType, p.capturedLength, p.wireLength, p.adjacentType, p.srcMac,
        p.dstMac, p.vlanCount, p.outerVlan, p.innerVlan, p.peerType, p.addressLength,
        p.srcAddrHi, p.srcAddrLo, p.dstAddrHi, p.dstAddrLo, p.ipLength, p.ipOffset, p.protocol,
        p.srcPort, p.dstPort, p.fragment, p.laterFragment, p.fragmentId, p.truncated).toString();
  }

  @Test
  void otherShapesAreLeftToTheDecoder() {
    DecodedPacket out = new DecodedPacket();
    // An IPv4 later fragment (offset 185 x 8) and an IPv6 packet with a Hop-by-Hop header.
    byte[] fragment = org.rtfm4j.testutil.Frames.ipv4("10.0.0.1", 1, "10.0.0.2", 2, 17, 8);
    fragment[14 + 6] = 0;
    fragment[14 + 7] = (byte) 185;
    assertEquals(0, PeerPeek.peek(1, fragment, 0, fragment.length, out));
    byte[] plain = org.rtfm4j.testutil.Frames.ipv4("10.0.0.1", 1, "10.0.0.2", 2, 17, 8);
    assertEquals(14 + 20 + 4, PeerPeek.peek(1, plain, 0, plain.length, out));
    assertEquals(0, PeerPeek.peek(101, plain, 14, plain.length - 14, out), "raw IP link type");
  }
}
