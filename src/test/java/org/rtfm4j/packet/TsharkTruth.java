package org.rtfm4j.packet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What Wireshark's tshark says about each frame of a capture, reduced to the match key the meter
 * derives: the outer IP header (first "ip"/"ipv6" layer in frame.protocols), its upper-layer
 * protocol after IPv6 extension headers, and the ports of a transport header that directly
 * follows it. Later fragments get the ports of their first fragment (as the meter attributes
 * them), looked up from tshark's own fields of that first fragment.
 */
final class TsharkTruth {
  static final Path TSHARK = Path.of("/usr/bin/tshark");

  private static final String[] FIELDS = {
    "frame.number", "frame.protocols", "frame.cap_len", "frame.md5_hash",
    "ip.src", "ip.dst", "ip.proto", "ip.len", "ip.id", "ip.flags.mf", "ip.frag_offset",
    "ip.opt.type",
    "ipv6.src", "ipv6.dst", "ipv6.plen", "ipv6.nxt",
    "ipv6.hopopts.nxt", "ipv6.routing.nxt", "ipv6.fraghdr.nxt", "ipv6.dstopts.nxt",
    "ah.next_header", "ipv6.fraghdr.offset", "ipv6.fraghdr.more", "ipv6.fraghdr.ident",
    "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "sctp.srcport", "sctp.dstport",
    "dccp.srcport", "dccp.dstport",
    "eth.src", "eth.dst", "vlan.id", "ieee8021ad.id", "sll.src.eth",
    "_ws.malformed"
  };
  private static final Map<String, Integer> COLUMN = new HashMap<>();
  /** IPv6 extension headers the meter walks, with the field holding their Next Header. */
  private static final Map<String, String> EXT_NEXT = Map.of(
      "ipv6.hopopts", "ipv6.hopopts.nxt", "ipv6.routing", "ipv6.routing.nxt",
      "ipv6.fraghdr", "ipv6.fraghdr.nxt", "ipv6.dstopts", "ipv6.dstopts.nxt",
      "ah", "ah.next_header");
  private static final Map<String, Integer> EXT_NUMBER = Map.of(
      "ipv6.hopopts", 0, "ipv6.routing", 43, "ipv6.fraghdr", 44, "ipv6.dstopts", 60, "ah", 51);
  private static final Set<String> PORT_PROTOCOLS = Set.of("tcp", "udp", "udplite", "sctp", "dccp");

  static {
    for (int i = 0; i < FIELDS.length; i++) {
      COLUMN.put(FIELDS[i], i);
    }
  }

  /** Tshark's view of one frame. {@code ip} false means tshark found no outer IP addresses. */
  static final class Expected {
    int frame;
    int capturedLength;
    /** MD5 of the frame's captured bytes, to check that tshark framed the record as we did. */
    String md5 = "";
    String protocols;
    boolean ip;
    int version;
    String src;
    String dst;
    int protocol = -1;
    int length = -1;
    int srcPort;
    int dstPort;
    boolean laterFragment;
    boolean tsharkMalformed;
    /** IPv4 option types anywhere in the frame. */
    String[] ipOptionTypes = new String[0];
    /** frame.protocols split at ':', and the index of the outer IP layer (-1: none). */
    String[] layers = new String[0];
    int ipLayer = -1;
    String ethSrc = "";
    String ethDst = "";
    String sllSrc = "";
    int[] vlanIds = new int[0];
    /** Number of "vlan" layers before the outer IP layer. */
    int vlanLayers;
  }

  private TsharkTruth() {}

  static boolean available() {
    return Files.isExecutable(TSHARK);
  }

  /** Runs tshark without IP reassembly and derives the expectation for every frame. */
  static List<Expected> of(Path capture) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TSHARK.toString(), "-n", "-r", capture.toString(),
        "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
        "-o", "frame.generate_md5_hash:TRUE", "-T", "fields",
        "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t"));
    for (String f : FIELDS) {
      cmd.add("-e");
      cmd.add(f);
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        rows.add(Arrays.copyOf(line.split("\t", -1), FIELDS.length));
      }
    }
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("tshark timed out on " + capture);
    }
    Map<String, int[]> firstFragments = new HashMap<>();
    List<Expected> out = new ArrayList<>(rows.size());
    for (String[] row : rows) {
      out.add(expect(row, firstFragments));
    }
    return out;
  }

  private static Expected expect(String[] row, Map<String, int[]> firstFragments) {
    Expected e = new Expected();
    e.frame = Integer.parseInt(row[0]);
    e.protocols = nz(row[1]);
    e.capturedLength = parseInt(first(row, "frame.cap_len"));
    e.md5 = first(row, "frame.md5_hash");
    e.tsharkMalformed = !nz(row[COLUMN.get("_ws.malformed")]).isEmpty();
    e.ethSrc = first(row, "eth.src");
    e.ethDst = first(row, "eth.dst");
    e.sllSrc = first(row, "sll.src.eth");
    e.ipOptionTypes = all(row, "ip.opt.type");
    String[] layers = e.protocols.split(":");
    e.layers = layers;
    // 802.1Q tags are "vlan" layers, 802.1ad tags "ieee8021ad" layers: take their ids in order.
    String[] qTags = all(row, "vlan.id");
    String[] adTags = all(row, "ieee8021ad.id");
    int q = 0;
    int ad = 0;
    List<Integer> vlanIds = new ArrayList<>();
    int ipLayer = -1;
    for (int i = 0; i < layers.length && ipLayer < 0; i++) {
      if (layers[i].equals("ip") || layers[i].equals("ipv6")) {
        ipLayer = i;
      } else if (layers[i].equals("vlan") && q < qTags.length) {
        vlanIds.add(Integer.parseInt(qTags[q++]));
      } else if (layers[i].equals("ieee8021ad") && ad < adTags.length) {
        vlanIds.add(Integer.parseInt(adTags[ad++]));
      }
    }
    e.vlanLayers = vlanIds.size();
    e.vlanIds = vlanIds.stream().mapToInt(Integer::intValue).toArray();
    e.ipLayer = ipLayer;
    if (ipLayer < 0) {
      return e;
    }
    boolean v4 = layers[ipLayer].equals("ip");
    e.version = v4 ? 4 : 6;
    e.src = first(row, v4 ? "ip.src" : "ipv6.src");
    e.dst = first(row, v4 ? "ip.dst" : "ipv6.dst");
    if (e.src.isEmpty() || e.dst.isEmpty()) {
      return e; // tshark stopped inside the IP header
    }
    e.ip = true;
    int next = ipLayer + 1;
    int fragKeyProtocol = -1;
    String fragKey = null;
    boolean fragFirst = false;
    if (v4) {
      e.protocol = parseInt(first(row, "ip.proto"));
      e.length = parseInt(first(row, "ip.len"));
      int offset = parseInt(first(row, "ip.frag_offset"));
      boolean mf = first(row, "ip.flags.mf").equals("1");
      if (offset > 0 || mf) {
        fragKey = "4|" + e.src + "|" + e.dst + "|" + e.protocol + "|" + first(row, "ip.id");
        fragFirst = offset == 0;
        e.laterFragment = offset > 0;
      }
    } else {
      e.length = parseInt(first(row, "ipv6.plen")) + 40;
      e.protocol = parseInt(first(row, "ipv6.nxt"));
      Map<String, Integer> seen = new HashMap<>();
      while (next < layers.length && EXT_NEXT.containsKey(layers[next])) {
        String layer = layers[next];
        int k = seen.merge(layer, 1, Integer::sum) - 1;
        String[] nexts = all(row, EXT_NEXT.get(layer));
        if (k >= nexts.length) {
          // Its Next Header was unreadable: the meter keeps the header's own type.
          e.protocol = EXT_NUMBER.get(layer);
          break;
        }
        if (layer.equals("ipv6.fraghdr")) {
          int offset = parseInt(all(row, "ipv6.fraghdr.offset")[k]);
          boolean more = all(row, "ipv6.fraghdr.more")[k].equals("1");
          if (offset > 0 || more) {
            fragKeyProtocol = parseInt(nexts[k]);
            fragKey = "6|" + e.src + "|" + e.dst + "|" + fragKeyProtocol + "|"
                + all(row, "ipv6.fraghdr.ident")[k];
            fragFirst = offset == 0;
            e.laterFragment = offset > 0;
          }
        }
        e.protocol = parseInt(nexts[k]);
        next++;
      }
    }
    if (next < layers.length && PORT_PROTOCOLS.contains(layers[next]) && !e.laterFragment) {
      String proto = layers[next].equals("udplite") ? "udp" : layers[next];
      String sp = first(row, proto + ".srcport");
      String dp = first(row, proto + ".dstport");
      if (!sp.isEmpty() && !dp.isEmpty()) {
        e.srcPort = Integer.parseInt(sp);
        e.dstPort = Integer.parseInt(dp);
      }
    }
    if (fragKey != null) {
      if (fragFirst) {
        firstFragments.put(fragKey, new int[] {e.protocol, e.srcPort, e.dstPort});
      } else {
        int[] f = firstFragments.get(fragKey);
        if (f != null) {
          e.protocol = f[0];
          e.srcPort = f[1];
          e.dstPort = f[2];
        }
      }
    }
    return e;
  }

  private static String first(String[] row, String field) {
    String v = nz(row[COLUMN.get(field)]);
    int comma = v.indexOf(',');
    return comma < 0 ? v : v.substring(0, comma);
  }

  private static String[] all(String[] row, String field) {
    String v = nz(row[COLUMN.get(field)]);
    return v.isEmpty() ? new String[0] : v.split(",");
  }

  private static int parseInt(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    return s.startsWith("0x") ? (int) Long.parseLong(s.substring(2), 16) : Integer.parseInt(s);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
