package org.rtfm4j.corpus;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs tshark on a capture without any reassembly and turns its per-frame fields into {@link
 * TsharkPacket}s: the independent truth the corpus tests compare the meter against.
 *
 * <p>tshark prints every occurrence of a field ({@code -E occurrence=a}); the outer IP header is
 * the first "ip" or "ipv6" layer of {@code frame.protocols}, and its fields are each field's first
 * occurrence. For IPv6 the upper-layer protocol is found by following the extension headers that
 * directly follow the outer header (RFC 8200 section 4: hop-by-hop, routing, fragment, destination
 * options). Ports are taken only when the layer right after the outer IP chain is TCP or UDP, so
 * the inner ports of IP-in-IP or of the packet quoted in an ICMP error are never used.
 *
 * <p>Non-first fragments (RFC 791 fragment offset &gt; 0; RFC 8200 section 4.5) carry no
 * transport header: they are given the protocol and ports of their first fragment (same source,
 * destination, protocol, identification) when that was seen earlier in the capture, else ports 0,
 * which is how the meter attributes them.
 */
final class TsharkDissector {

  /** tshark's expert severity for errors (PI_ERROR, epan/proto.h). */
  static final String SEVERITY_ERROR = "8388608";

  private static final String AGGREGATOR = "|";
  private static final String AGGREGATOR_REGEX = "\\|";
  private static final int TCP = 6;
  private static final int UDP = 17;
  private static final int IPV6_FIXED_HEADER = 40;

  private static final String[] FIELDS = {
    "frame.number",
    "frame.len",
    "frame.cap_len",
    "frame.protocols",
    "ip.src",
    "ip.dst",
    "ip.proto",
    "ip.len",
    "ip.id",
    "ip.flags.mf",
    "ip.frag_offset",
    "ipv6.src",
    "ipv6.dst",
    "ipv6.nxt",
    "ipv6.plen",
    "ipv6.hopopts.nxt",
    "ipv6.routing.nxt",
    "ipv6.dstopts.nxt",
    "ipv6.fraghdr.nxt",
    "ipv6.fraghdr.offset",
    "ipv6.fraghdr.more",
    "ipv6.fraghdr.ident",
    "tcp.srcport",
    "tcp.dstport",
    "udp.srcport",
    "udp.dstport",
    "_ws.expert.severity",
    // Last: a message may contain anything, even the aggregator.
    "_ws.expert.message",
  };

  private static final int F_NUMBER = 0;
  private static final int F_LEN = 1;
  private static final int F_CAPLEN = 2;
  private static final int F_PROTOCOLS = 3;
  private static final int F_IP_SRC = 4;
  private static final int F_IP_DST = 5;
  private static final int F_IP_PROTO = 6;
  private static final int F_IP_LEN = 7;
  private static final int F_IP_ID = 8;
  private static final int F_IP_MF = 9;
  private static final int F_IP_FRAG_OFFSET = 10;
  private static final int F_IP6_SRC = 11;
  private static final int F_IP6_DST = 12;
  private static final int F_IP6_NXT = 13;
  private static final int F_IP6_PLEN = 14;
  private static final int F_FRAG_NXT = 18;
  private static final int F_FRAG_OFFSET = 19;
  private static final int F_FRAG_MORE = 20;
  private static final int F_FRAG_IDENT = 21;
  private static final int F_TCP_SRC = 22;
  private static final int F_TCP_DST = 23;
  private static final int F_UDP_SRC = 24;
  private static final int F_UDP_DST = 25;
  private static final int F_SEVERITY = 26;
  private static final int F_MESSAGE = 27;

  /** IPv6 extension-header layers tshark names, and the field holding each one's next header. */
  private static final Map<String, Integer> EXTENSION_NEXT_FIELD =
      Map.of(
          "ipv6.hopopts", 15,
          "ipv6.routing", 16,
          "ipv6.dstopts", 17,
          "ipv6.fraghdr", F_FRAG_NXT);

  /** What tshark said about a capture: its frames, and the error that stopped it, if any. */
  record Dissection(List<TsharkPacket> packets, int exitCode, String error) {}

  private TsharkDissector() {}

  /** The tshark command line: no reassembly of IP fragments or TCP segments. */
  static List<String> command(Path capture) {
    List<String> cmd = new ArrayList<>();
    cmd.add("tshark");
    cmd.add("-n");
    cmd.add("-r");
    cmd.add(capture.toString());
    for (String pref :
        new String[] {
          "ip.defragment:FALSE", "ipv6.defragment:FALSE", "tcp.desegment_tcp_streams:FALSE"
        }) {
      cmd.add("-o");
      cmd.add(pref);
    }
    cmd.add("-T");
    cmd.add("fields");
    cmd.add("-E");
    cmd.add("separator=/t");
    cmd.add("-E");
    cmd.add("occurrence=a");
    cmd.add("-E");
    cmd.add("aggregator=" + AGGREGATOR);
    for (String f : FIELDS) {
      cmd.add("-e");
      cmd.add(f);
    }
    return cmd;
  }

  /** Dissects {@code capture}; frames read before a damaged record are kept. */
  static Dissection dissect(Path capture) throws IOException, InterruptedException {
    List<String> cmd = command(capture);
    Path err = Files.createTempFile("rtfm4j-tshark", ".err");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectError(err.toFile())
              .start();
      List<TsharkPacket> packets;
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        packets = parse(in);
      }
      int code = ExternalTool.waitFor(p, cmd);
      String error = tsharkError(Files.readString(err, StandardCharsets.UTF_8));
      return new Dissection(packets, code, error);
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** stderr without tshark's "Running as user root" notice. */
  private static String tsharkError(String stderr) {
    StringBuilder sb = new StringBuilder();
    for (String line : stderr.split("\n")) {
      if (!line.isBlank() && !line.startsWith("Running as user")) {
        sb.append(sb.length() == 0 ? "" : " ").append(line.strip());
      }
    }
    return sb.toString();
  }

  /** Parses tshark's field lines, in frame order. */
  static List<TsharkPacket> parse(BufferedReader in) throws IOException {
    List<String[]> rows = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      String[] f = line.split("\t", FIELDS.length);
      if (f.length < FIELDS.length && !rows.isEmpty()) {
        // An expert message holding a newline: the rest of the last field.
        String[] last = rows.get(rows.size() - 1);
        last[F_MESSAGE] = last[F_MESSAGE] + " " + line;
        continue;
      }
      if (f.length < FIELDS.length) {
        throw new IOException("tshark line with " + f.length + " fields: " + line);
      }
      rows.add(f);
    }
    FragmentTable fragments = new FragmentTable();
    List<TsharkPacket> packets = new ArrayList<>(rows.size());
    for (String[] f : rows) {
      packets.add(toPacket(f, fragments));
    }
    return packets;
  }

  /** Remembers each first fragment's protocol and ports, keyed as RFC 791/8200 reassembly is. */
  private static final class FragmentTable {
    private final Map<String, int[]> firstFragments = new HashMap<>();

    void putFirst(String key, int protocol, int srcPort, int dstPort) {
      firstFragments.put(key, new int[] {protocol, srcPort, dstPort});
    }

    int[] lookup(String key) {
      return firstFragments.get(key);
    }
  }

  private static TsharkPacket toPacket(String[] f, FragmentTable fragments) {
    int frame = Integer.parseInt(f[F_NUMBER]);
    long wire = Long.parseLong(first(f[F_LEN]));
    long cap = Long.parseLong(first(f[F_CAPLEN]));
    String problems = problems(f[F_SEVERITY], f[F_MESSAGE]);
    String[] layers = f[F_PROTOCOLS].split(":");
    int outer = -1;
    for (int i = 0; i < layers.length; i++) {
      if (layers[i].equals("ip") || layers[i].equals("ipv6")) {
        outer = i;
        break;
      }
    }
    if (outer < 0) {
      return new TsharkPacket(frame, wire, cap, TsharkPacket.Kind.NON_IP, 0, "", "", 0, 0, 0, 0,
          problems);
    }
    TsharkPacket broken =
        new TsharkPacket(frame, wire, cap, TsharkPacket.Kind.BROKEN_IP,
            layers[outer].equals("ip") ? 4 : 6, "", "", 0, 0, 0, 0, problems);
    return layers[outer].equals("ip")
        ? ipv4(f, layers, outer, frame, wire, cap, problems, fragments, broken)
        : ipv6(f, layers, outer, frame, wire, cap, problems, fragments, broken);
  }

  private static TsharkPacket ipv4(String[] f, String[] layers, int outer, int frame, long wire,
      long cap, String problems, FragmentTable fragments, TsharkPacket broken) {
    String src = first(f[F_IP_SRC]);
    String dst = first(f[F_IP_DST]);
    Integer proto = number(f[F_IP_PROTO]);
    Integer len = number(f[F_IP_LEN]);
    if (src.isEmpty() || dst.isEmpty() || proto == null || len == null) {
      return broken;
    }
    int[] ports = ports(f, layers, outer + 1, proto);
    boolean moreFragments = flag(first(f[F_IP_MF]));
    Integer offset = number(f[F_IP_FRAG_OFFSET]);
    String key = "4|" + src + "|" + dst + "|" + proto + "|" + first(f[F_IP_ID]);
    int protocol = proto;
    if (offset != null && offset > 0) {
      int[] firstFragment = fragments.lookup(key);
      ports = firstFragment == null ? new int[] {0, 0} : new int[] {firstFragment[1], firstFragment[2]};
    } else if (moreFragments) {
      fragments.putFirst(key, protocol, ports[0], ports[1]);
    }
    return new TsharkPacket(frame, wire, cap, TsharkPacket.Kind.IP, 4, src, dst, protocol, len,
        ports[0], ports[1], problems);
  }

  private static TsharkPacket ipv6(String[] f, String[] layers, int outer, int frame, long wire,
      long cap, String problems, FragmentTable fragments, TsharkPacket broken) {
    String src = first(f[F_IP6_SRC]);
    String dst = first(f[F_IP6_DST]);
    Integer next = number(f[F_IP6_NXT]);
    Integer plen = number(f[F_IP6_PLEN]);
    if (src.isEmpty() || dst.isEmpty() || next == null || plen == null) {
      return broken;
    }
    Map<String, Integer> seen = new HashMap<>();
    int protocol = next;
    int layer = outer + 1;
    int fragmentIndex = -1;
    boolean nonFirstFragment = false;
    while (layer < layers.length && EXTENSION_NEXT_FIELD.containsKey(layers[layer])) {
      String ext = layers[layer];
      int k = seen.merge(ext, 1, Integer::sum) - 1;
      Integer nxt = number(nth(f[EXTENSION_NEXT_FIELD.get(ext)], k));
      if (nxt == null) {
        break;
      }
      if (ext.equals("ipv6.fraghdr") && fragmentIndex < 0) {
        fragmentIndex = k;
        Integer offset = number(nth(f[F_FRAG_OFFSET], k));
        if (offset != null && offset > 0) {
          nonFirstFragment = true;
          protocol = nxt;
          break;
        }
      }
      protocol = nxt;
      layer++;
    }
    int[] ports = nonFirstFragment ? new int[] {0, 0} : ports(f, layers, layer, protocol);
    if (fragmentIndex >= 0) {
      String key = "6|" + src + "|" + dst + "|" + nth(f[F_FRAG_NXT], fragmentIndex) + "|"
          + nth(f[F_FRAG_IDENT], fragmentIndex);
      if (nonFirstFragment) {
        int[] firstFragment = fragments.lookup(key);
        if (firstFragment != null) {
          protocol = firstFragment[0];
          ports = new int[] {firstFragment[1], firstFragment[2]};
        }
      } else if (flag(nth(f[F_FRAG_MORE], fragmentIndex))) {
        fragments.putFirst(key, protocol, ports[0], ports[1]);
      }
    }
    return new TsharkPacket(frame, wire, cap, TsharkPacket.Kind.IP, 6, src, dst, protocol,
        plen + IPV6_FIXED_HEADER, ports[0], ports[1], problems);
  }

  /** Ports of the outer TCP/UDP header: only when it is the layer right after the IP chain. */
  private static int[] ports(String[] f, String[] layers, int layer, int protocol) {
    int srcField;
    int dstField;
    String expected;
    if (protocol == TCP) {
      srcField = F_TCP_SRC;
      dstField = F_TCP_DST;
      expected = "tcp";
    } else if (protocol == UDP) {
      srcField = F_UDP_SRC;
      dstField = F_UDP_DST;
      expected = "udp";
    } else {
      return new int[] {0, 0};
    }
    if (layer >= layers.length || !layers[layer].equals(expected)) {
      return new int[] {0, 0};
    }
    Integer sp = number(first(f[srcField]));
    Integer dp = number(first(f[dstField]));
    return new int[] {sp == null ? 0 : sp, dp == null ? 0 : dp};
  }

  /** Error-level expert messages, joined; severities and messages are parallel lists. */
  private static String problems(String severities, String messages) {
    if (!severities.contains(SEVERITY_ERROR)) {
      return "";
    }
    String[] sev = severities.split(AGGREGATOR_REGEX, -1);
    String[] msg = messages.split(AGGREGATOR_REGEX, -1);
    if (sev.length != msg.length) {
      return messages.isEmpty() ? "error" : messages;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sev.length; i++) {
      if (sev[i].equals(SEVERITY_ERROR)) {
        sb.append(sb.length() == 0 ? "" : "; ").append(msg[i]);
      }
    }
    return sb.toString();
  }

  private static String first(String field) {
    return nth(field, 0);
  }

  private static String nth(String field, int n) {
    String[] parts = field.split(AGGREGATOR_REGEX, -1);
    return n < parts.length ? parts[n] : "";
  }

  private static boolean flag(String v) {
    return v.equals("1") || v.equalsIgnoreCase("true");
  }

  /** Decimal or 0x-hex field value; null when absent or not a number. */
  private static Integer number(String v) {
    String s = first(v);
    if (s.isEmpty()) {
      return null;
    }
    try {
      return s.startsWith("0x") ? Integer.parseUnsignedInt(s.substring(2), 16) : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
