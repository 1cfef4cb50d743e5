package org.rtfm4j.corpus;

import java.io.BufferedReader;
import java.io.File;
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
import java.util.regex.Pattern;

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
 * <p>The IPv4 destination is the header's destination field: for a source-routed packet (RFC 791
 * section 3.1, loose/strict source route) tshark shows the route's final address as ip.dst and
 * the header's field as ip.cur_rt. (Should only an inner header be source-routed, its ip.cur_rt
 * would be taken: no capture in the corpus does that.)
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
  private static final int IPV6_FIXED_HEADER = 40;
  /** Field values tshark prints: decimal, or hex such as an IP identification "0x1f2e". */
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,9}");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{1,8}");

  private static final String[] FIELDS = {
    "frame.number",
    "frame.len",
    "frame.cap_len",
    "frame.protocols",
    "ip.src",
    "ip.dst",
    "ip.cur_rt",
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

  private static final int F_NUMBER = field("frame.number");
  private static final int F_LEN = field("frame.len");
  private static final int F_CAPLEN = field("frame.cap_len");
  private static final int F_PROTOCOLS = field("frame.protocols");
  private static final int F_IP_SRC = field("ip.src");
  private static final int F_IP_DST = field("ip.dst");
  private static final int F_IP_CUR_RT = field("ip.cur_rt");
  private static final int F_IP_PROTO = field("ip.proto");
  private static final int F_IP_LEN = field("ip.len");
  private static final int F_IP_ID = field("ip.id");
  private static final int F_IP_MF = field("ip.flags.mf");
  private static final int F_IP_FRAG_OFFSET = field("ip.frag_offset");
  private static final int F_IP6_SRC = field("ipv6.src");
  private static final int F_IP6_DST = field("ipv6.dst");
  private static final int F_IP6_NXT = field("ipv6.nxt");
  private static final int F_IP6_PLEN = field("ipv6.plen");
  private static final int F_FRAG_NXT = field("ipv6.fraghdr.nxt");
  private static final int F_FRAG_OFFSET = field("ipv6.fraghdr.offset");
  private static final int F_FRAG_MORE = field("ipv6.fraghdr.more");
  private static final int F_FRAG_IDENT = field("ipv6.fraghdr.ident");
  private static final int F_TCP_SRC = field("tcp.srcport");
  private static final int F_TCP_DST = field("tcp.dstport");
  private static final int F_UDP_SRC = field("udp.srcport");
  private static final int F_UDP_DST = field("udp.dstport");
  private static final int F_SEVERITY = field("_ws.expert.severity");
  private static final int F_MESSAGE = field("_ws.expert.message");

  /** IPv6 extension-header layers tshark names, and the field holding each one's next header. */
  private static final Map<String, Integer> EXTENSION_NEXT_FIELD =
      Map.of(
          "ipv6.hopopts", field("ipv6.hopopts.nxt"),
          "ipv6.routing", field("ipv6.routing.nxt"),
          "ipv6.dstopts", field("ipv6.dstopts.nxt"),
          "ipv6.fraghdr", F_FRAG_NXT);

  /** Column of a field in tshark's output. */
  private static int field(String name) {
    for (int i = 0; i < FIELDS.length; i++) {
      if (FIELDS[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name);
  }

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

  /** Transport ports of a packet; {@code known} is false when tshark could not read them. */
  private record Ports(int src, int dst, boolean known) {
    static final Ports NONE = new Ports(0, 0, true);
    static final Ports UNREAD = new Ports(0, 0, false);
  }

  /** A first fragment's protocol and ports, for the later fragments of the same datagram. */
  private record FirstFragment(int protocol, Ports ports) {}

  /** Remembers each first fragment, keyed as RFC 791/8200 reassembly is. */
  private static final class FragmentTable {
    private final Map<String, FirstFragment> firstFragments = new HashMap<>();

    void putFirst(String key, int protocol, Ports ports) {
      firstFragments.put(key, new FirstFragment(protocol, ports));
    }

    FirstFragment lookup(String key) {
      return firstFragments.get(key);
    }
  }

  /** The parts of one tshark line every IP version shares. */
  private record Frame(String[] f, String[] layers, int outer, int number, long wire, long cap,
      String problems) {

    TsharkPacket packet(TsharkPacket.Kind kind, int version, String src, String dst, int protocol,
        long ipBytes, Ports ports) {
      String encapsulation = String.join(":", Arrays.copyOfRange(layers, 0, outer));
      return new TsharkPacket(number, wire, cap, kind, version, src, dst, protocol, ipBytes,
          ports.src(), ports.dst(), ports.known(), encapsulation, problems);
    }
  }

  private static TsharkPacket toPacket(String[] f, FragmentTable fragments) {
    String[] layers = f[F_PROTOCOLS].split(":");
    int outer = -1;
    for (int i = 0; i < layers.length; i++) {
      if (layers[i].equals("ip") || layers[i].equals("ipv6")) {
        outer = i;
        break;
      }
    }
    Frame frame = new Frame(f, layers, outer < 0 ? layers.length : outer,
        Integer.parseInt(f[F_NUMBER]), Long.parseLong(first(f[F_LEN])),
        Long.parseLong(first(f[F_CAPLEN])), problems(f[F_SEVERITY], f[F_MESSAGE]));
    if (outer < 0) {
      return frame.packet(TsharkPacket.Kind.NON_IP, 0, "", "", 0, 0, Ports.NONE);
    }
    return layers[outer].equals("ip") ? ipv4(frame, fragments) : ipv6(frame, fragments);
  }

  private static TsharkPacket ipv4(Frame frame, FragmentTable fragments) {
    String[] f = frame.f();
    String src = first(f[F_IP_SRC]);
    String currentRoute = first(f[F_IP_CUR_RT]);
    String dst = currentRoute.isEmpty() ? first(f[F_IP_DST]) : currentRoute;
    Integer proto = number(f[F_IP_PROTO]);
    Integer len = number(f[F_IP_LEN]);
    if (src.isEmpty() || dst.isEmpty() || proto == null || len == null) {
      return frame.packet(TsharkPacket.Kind.BROKEN_IP, 4, "", "", 0, 0, Ports.NONE);
    }
    Ports ports = ports(f, frame.layers(), frame.outer() + 1, proto);
    boolean moreFragments = flag(first(f[F_IP_MF]));
    Integer offset = number(f[F_IP_FRAG_OFFSET]);
    String key = "4|" + src + "|" + dst + "|" + proto + "|" + first(f[F_IP_ID]);
    if (offset != null && offset > 0) {
      FirstFragment firstFragment = fragments.lookup(key);
      ports = firstFragment == null ? Ports.NONE : firstFragment.ports();
    } else if (moreFragments) {
      fragments.putFirst(key, proto, ports);
    }
    return frame.packet(TsharkPacket.Kind.IP, 4, src, dst, proto, len, ports);
  }

  private static TsharkPacket ipv6(Frame frame, FragmentTable fragments) {
    String[] f = frame.f();
    String[] layers = frame.layers();
    String src = first(f[F_IP6_SRC]);
    String dst = first(f[F_IP6_DST]);
    Integer next = number(f[F_IP6_NXT]);
    Integer plen = number(f[F_IP6_PLEN]);
    if (src.isEmpty() || dst.isEmpty() || next == null || plen == null) {
      return frame.packet(TsharkPacket.Kind.BROKEN_IP, 6, "", "", 0, 0, Ports.NONE);
    }
    Map<String, Integer> seen = new HashMap<>();
    int protocol = next;
    int layer = frame.outer() + 1;
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
    Ports ports = nonFirstFragment ? Ports.NONE : ports(f, layers, layer, protocol);
    if (fragmentIndex >= 0) {
      String key = "6|" + src + "|" + dst + "|" + nth(f[F_FRAG_NXT], fragmentIndex) + "|"
          + nth(f[F_FRAG_IDENT], fragmentIndex);
      if (nonFirstFragment) {
        FirstFragment firstFragment = fragments.lookup(key);
        if (firstFragment != null) {
          protocol = firstFragment.protocol();
          ports = firstFragment.ports();
        }
      } else if (flag(nth(f[F_FRAG_MORE], fragmentIndex))) {
        fragments.putFirst(key, protocol, ports);
      }
    }
    return frame.packet(TsharkPacket.Kind.IP, 6, src, dst, protocol, plen + IPV6_FIXED_HEADER,
        ports);
  }

  /** Ports of the outer TCP/UDP header: only when it is the layer right after the IP chain. */
  private static Ports ports(String[] f, String[] layers, int layer, int protocol) {
    int srcField;
    int dstField;
    String expected;
    if (protocol == ProtocolNames.TCP) {
      srcField = F_TCP_SRC;
      dstField = F_TCP_DST;
      expected = "tcp";
    } else if (protocol == ProtocolNames.UDP) {
      srcField = F_UDP_SRC;
      dstField = F_UDP_DST;
      expected = "udp";
    } else {
      return Ports.NONE;
    }
    if (layer >= layers.length || !layers[layer].equals(expected)) {
      return Ports.UNREAD;
    }
    Integer sp = number(first(f[srcField]));
    Integer dp = number(first(f[dstField]));
    return sp == null || dp == null ? Ports.UNREAD : new Ports(sp, dp, true);
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
    if (HEX.matcher(s).matches()) {
      return Integer.parseUnsignedInt(s.substring(2), 16);
    }
    return DECIMAL.matcher(s).matches() ? Integer.parseInt(s) : null;
  }
}
