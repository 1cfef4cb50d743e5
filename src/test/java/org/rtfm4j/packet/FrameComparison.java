package org.rtfm4j.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes every frame of a capture and compares it with tshark's {@link TsharkTruth}. A
 * difference is first offered to {@link #explain}, which names the documented places where the
 * meter intentionally differs; whatever is left is an unexplained mismatch.
 */
final class FrameComparison {
  /** Mismatches by kind ("ports", "length", ...) that no rule explains. */
  final Map<String, Integer> unexplained = new TreeMap<>();
  /** Differences by documented reason. */
  final Map<String, Integer> explained = new TreeMap<>();
  final List<String> samples = new ArrayList<>();
  final Map<DecodeResult, Integer> results = new TreeMap<>();
  int framesCompared;
  /** Files tshark would not read at all (link types it rejects), so nothing was compared. */
  int filesTsharkRefused;
  int ipFramesCompared;
  /** Later fragments both sides agree on, and those that got ports from their first fragment. */
  int laterFragments;
  int laterFragmentsWithPorts;

  private final PacketDecoder decoder = new PacketDecoder();
  private final DecodedPacket out = new DecodedPacket();

  /** Compares one capture; tshark's rows and our frames must line up one to one. */
  void compare(String name, TestPcap pcap, List<TsharkTruth.Expected> truth) {
    int n = pcap.frames.size();
    if (truth.size() != n) {
      // tshark refuses some damaged files outright, or shows the partial record where a damaged
      // file ends; anything else means the test's walker and tshark disagree.
      boolean tsharkRefused = truth.isEmpty();
      if (!pcap.damaged && !tsharkRefused) {
        bump(unexplained, "frame-count");
        sample(name + ": tshark " + truth.size() + " frames, walker " + n);
        return;
      }
      if (tsharkRefused) {
        filesTsharkRefused++;
        return;
      }
      n = Math.min(n, truth.size());
    }
    for (int i = 0; i < n; i++) {
      TestPcap.Frame f = pcap.frames.get(i);
      TsharkTruth.Expected e = truth.get(i);
      DecodeResult r = decoder.decode(f.linkType(), pcap.data, f.offset(), f.capturedLength(),
          f.wireLength(), f.timestampNanos(), out);
      results.merge(r, 1, Integer::sum);
      framesCompared++;
      List<String> kinds = sameBytes(e, pcap, f) ? differences(r, e, f) : List.of("framing");
      if (e.ip && r == DecodeResult.IP) {
        ipFramesCompared++;
        if (out.laterFragment && kinds.isEmpty()) {
          laterFragments++;
          laterFragmentsWithPorts += out.srcPort != 0 || out.dstPort != 0 ? 1 : 0;
        }
      }
      if (kinds.isEmpty()) {
        continue;
      }
      String why = kinds.equals(List.of("framing")) && pcap.damaged
          ? "damaged file that tshark frames differently (it guesses a pcap variant)"
          : explain(r, e, kinds);
      if (why != null) {
        bump(explained, why);
      } else {
        for (String k : kinds) {
          bump(unexplained, k);
        }
        sample(name + " #" + e.frame + " " + kinds + " ours=" + describe(r) + " tshark=" + e.version
            + " " + e.src + ">" + e.dst + " p" + e.protocol + " " + e.srcPort + ">" + e.dstPort
            + " len" + e.length + " [" + e.protocols + "]"
            + (e.tsharkMalformed ? " MALFORMED" : ""));
      }
    }
  }

  private static boolean sameBytes(TsharkTruth.Expected e, TestPcap pcap, TestPcap.Frame f) {
    if (e.capturedLength != f.capturedLength()) {
      return false;
    }
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(pcap.data, f.offset(), f.capturedLength());
      return HexFormat.of().formatHex(md5.digest()).equals(e.md5);
    } catch (NoSuchAlgorithmException ex) {
      throw new AssertionError(ex);
    }
  }

  private List<String> differences(DecodeResult r, TsharkTruth.Expected e, TestPcap.Frame f) {
    List<String> kinds = new ArrayList<>();
    if (e.ip != (r == DecodeResult.IP)) {
      kinds.add("result");
      return kinds;
    }
    if (!e.ip) {
      return kinds;
    }
    if (out.peerType != (e.version == 4 ? DecodedPacket.PEER_IPV4 : DecodedPacket.PEER_IPV6)) {
      kinds.add("version");
      return kinds;
    }
    if (!address(out.srcAddrHi, out.srcAddrLo).equals(parse(e.src))) {
      kinds.add("src");
    }
    if (!address(out.dstAddrHi, out.dstAddrLo).equals(parse(e.dst))) {
      kinds.add("dst");
    }
    if (out.protocol != e.protocol) {
      kinds.add("protocol");
    }
    if (out.ipLength != e.length) {
      kinds.add("length");
    }
    if (out.srcPort != e.srcPort || out.dstPort != e.dstPort) {
      kinds.add("ports");
    }
    if (out.laterFragment != e.laterFragment) {
      kinds.add("fragment");
    }
    String src = !e.ethSrc.isEmpty() ? e.ethSrc : e.sllSrc;
    if (!src.isEmpty() && !mac(out.srcMac).equals(src)) {
      kinds.add("srcMac");
    }
    if (!e.ethDst.isEmpty() && !mac(out.dstMac).equals(e.ethDst)) {
      kinds.add("dstMac");
    }
    if (out.vlanCount != e.vlanLayers
        || (e.vlanLayers > 0 && out.outerVlan != e.vlanIds[0])
        || (e.vlanLayers > 1 && out.innerVlan != e.vlanIds[e.vlanLayers - 1])) {
      kinds.add("vlan");
    }
    return kinds;
  }

  /**
   * The documented, intentional differences from tshark; null when the difference is not one.
   */
  String explain(DecodeResult r, TsharkTruth.Expected e, List<String> kinds) {
    List<String> before = e.ipLayer < 0 ? List.of()
        : List.of(e.layers).subList(0, e.ipLayer);
    List<String> after = e.ipLayer < 0 ? List.of()
        : List.of(e.layers).subList(e.ipLayer + 1, e.layers.length);
    if (r == DecodeResult.UNSUPPORTED_LINK_TYPE) {
      return "link type the meter does not decode (tshark: " + e.layers[0] + ")";
    }
    if (r == DecodeResult.NON_IP && e.ip && (before.contains("cfp") || before.contains("nsh")
        || before.indexOf("eth") != before.lastIndexOf("eth"))) {
      return "encapsulation not opened (FabricPath, NSH, MAC-in-MAC): tunnels keyed on the outer"
          + " header";
    }
    if (r == DecodeResult.MALFORMED && e.ip && e.version == 6
        && decoder.lastMalformedReason() == MalformedReason.IPV4_BAD_VERSION) {
      return "IPv6 inside EtherType 0x0800: tshark decodes it, the meter calls it malformed";
    }
    if (r == DecodeResult.MALFORMED && e.ip && e.tsharkMalformed
        && decoder.lastMalformedReason() == MalformedReason.IPV6_EXTENSION_HEADER_BAD) {
      return "IPv6 extension header past the payload length: tshark shows the addresses,"
          + " the meter calls it malformed";
    }
    if (r != DecodeResult.IP) {
      return null;
    }
    if (kinds.equals(List.of("dst")) && e.version == 4
        && (List.of(e.ipOptionTypes).contains("131") || List.of(e.ipOptionTypes).contains("137"))) {
      return "IPv4 source route: tshark's ip.dst is the route's final hop, the meter keeps the"
          + " header's";
    }
    if (kinds.equals(List.of("ports")) && e.tsharkMalformed && after.isEmpty()
        && e.srcPort == 0 && e.dstPort == 0) {
      return "damaged IPv4 options: tshark stops, the meter skips them by IHL and reads the ports";
    }
    if (kinds.equals(List.of("ports")) && e.tsharkMalformed && !after.isEmpty()
        && after.get(0).equals("sctp") && e.srcPort == 0 && e.dstPort == 0) {
      return "SCTP shorter than its 12-octet common header: the meter reads the 4 port octets";
    }
    if (e.version == 6 && e.length == 40 && out.ipLength > 40
        && List.of("length", "ports").containsAll(kinds)) {
      return "IPv6 payload length 0 (jumbogram or TSO): the meter uses the frame's length";
    }
    return null;
  }

  private String describe(DecodeResult r) {
    if (r == DecodeResult.MALFORMED) {
      return "MALFORMED/" + decoder.lastMalformedReason();
    }
    if (r != DecodeResult.IP) {
      return r.toString();
    }
    return (out.peerType == DecodedPacket.PEER_IPV4 ? 4 : 6) + " "
        + address(out.srcAddrHi, out.srcAddrLo) + ">" + address(out.dstAddrHi, out.dstAddrLo)
        + " p" + out.protocol + " " + out.srcPort + ">" + out.dstPort + " len" + out.ipLength
        + (out.truncated ? " truncated" : "") + (out.laterFragment ? " later" : "");
  }

  private String address(long hi, long lo) {
    byte[] b = out.addressLength == 4
        ? ByteBuffer.allocate(4).putInt((int) (hi >>> 32)).array()
        : ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
    try {
      return InetAddress.getByAddress(b).getHostAddress();
    } catch (UnknownHostException ex) {
      throw new AssertionError(ex);
    }
  }

  private static String parse(String literal) {
    try {
      return InetAddress.getByName(literal).getHostAddress(); // a literal: no name lookup
    } catch (UnknownHostException ex) {
      return "unparseable:" + literal;
    }
  }

  private static String mac(long m) {
    StringBuilder sb = new StringBuilder();
    for (int shift = 40; shift >= 0; shift -= 8) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(String.format(Locale.ROOT, "%02x", (m >>> shift) & 0xFF));
    }
    return sb.toString();
  }

  private void sample(String s) {
    if (samples.size() < 200) {
      samples.add(s);
    }
  }

  private static void bump(Map<String, Integer> m, String k) {
    m.merge(k, 1, Integer::sum);
  }
}
