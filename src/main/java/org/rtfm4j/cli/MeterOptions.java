package org.rtfm4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.packet.FragmentTable;

/** The options of {@code rtfm meter}, parsed once into an immutable value. */
record MeterOptions(
    List<Path> files,
    List<String> interfaces,
    String filter,
    int snaplen,
    boolean promiscuous,
    List<Path> ruleFiles,
    Path flowsOut,
    Path statsOut,
    OctetCounting octets,
    int maxFlows,
    int inactivityTimeout,
    int floodMark,
    int fragmentTable,
    int threads,
    Map<Integer, Integer> sampleRates,
    long count,
    int durationSeconds,
    double speed,
    boolean quiet,
    InetSocketAddress snmp,
    String rwCommunity,
    Path snmpConfig,
    boolean serve,
    boolean help) {

  static final int DEFAULT_SNAPLEN = 262_144;
  static final int DEFAULT_FRAGMENT_TABLE = FragmentTable.DEFAULT_CAPACITY;
  /** More matching threads than this would only wait for the one packet thread. */
  static final int MAX_THREADS = 64;
  static final int MAX_PORT = 65_535;
  /** Faster than this is as fast as possible anyway: 0 says so plainly. */
  static final double MAX_SPEED = 1e9;

  /** A command line that cannot be run; the message says why. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static Options options() {
    Options o = new Options();
    o.addOption(Option.builder("r").longOpt("read").hasArg().argName("FILE")
        .desc("capture file to meter (pcap or pcapng); repeatable, read in order").get());
    o.addOption(Option.builder("i").longOpt("interface").hasArg().argName("IFACE")
        .desc("live interface to meter (needs root or CAP_NET_RAW); repeatable; interfaces are"
            + " numbered 1, 2, ... in the order given").get());
    o.addOption(Option.builder("f").longOpt("filter").hasArg().argName("BPF")
        .desc("BPF filter expression for live capture").get());
    o.addOption(Option.builder("s").longOpt("snaplen").hasArg().argName("BYTES")
        .desc("bytes captured per packet, live (default " + DEFAULT_SNAPLEN + ")").get());
    o.addOption(Option.builder().longOpt("no-promiscuous")
        .desc("do not put live interfaces in promiscuous mode").get());
    o.addOption(Option.builder("R").longOpt("rules").hasArg().argName("RULEFILE")
        .desc("rule file to run (its SET n is its rule set number); repeatable, one task each;"
            + " without -R the built-in rule set 1 runs").get());
    o.addOption(Option.builder().longOpt("flows-out").hasArg().argName("FILE")
        .desc("write every flow as CSV here (default: standard output)").get());
    o.addOption(Option.builder().longOpt("stats-out").hasArg().argName("FILE")
        .desc("write the summary as key=value lines here").get());
    o.addOption(Option.builder().longOpt("octets").hasArg().argName("ip|frame")
        .desc("count octets at the IP layer (default; IPv4 total length, IPv6 payload + 40)"
            + " or whole frames as on the wire").get());
    o.addOption(Option.builder().longOpt("max-flows").hasArg().argName("N")
        .desc("flow table size, flowMaxFlows (default " + FlowTable.DEFAULT_MAX_FLOWS + ")")
        .get());
    o.addOption(Option.builder().longOpt("inactivity-timeout").hasArg().argName("SECONDS")
        .desc("flowInactivityTimeout (default " + FlowTable.DEFAULT_INACTIVITY_TIMEOUT + ")")
        .get());
    o.addOption(Option.builder().longOpt("flood-mark").hasArg().argName("PERCENT")
        .desc("flowFloodMark, 0 or 100 to disable (default " + Meter.DEFAULT_FLOOD_MARK + ")")
        .get());
    o.addOption(Option.builder().longOpt("fragment-table").hasArg().argName("N")
        .desc("entries for IP fragments waiting for their first fragment's ports (default "
            + DEFAULT_FRAGMENT_TABLE + "); use is reported in the summary").get());
    o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
        .desc("match packets on N threads in all, each with its own part of the flow table:"
            + " the thread that reads packets and N-1 more (default 1); see README, Multi-core")
        .get());
    o.addOption(Option.builder().longOpt("sample-rate").hasArg().argName("[IF=]N")
        .desc("count 1 in N packets (of interface IF, else of every interface); 0 ignores the"
            + " interface; repeatable").get());
    o.addOption(Option.builder("c").longOpt("count").hasArg().argName("N")
        .desc("stop after N packets").get());
    o.addOption(Option.builder().longOpt("speed").hasArg().argName("X")
        .desc("replay files at X times capture speed, pacing packets by their timestamps from"
            + " the first packet's, so readers can collect while a capture plays; 0 = as fast as"
            + " possible (default)").get());
    o.addOption(Option.builder().longOpt("duration").hasArg().argName("SECONDS")
        .desc("stop live capture after SECONDS").get());
    o.addOption(Option.builder().longOpt("snmp").hasArg().argName("ADDR:PORT")
        .desc("serve the Meter MIB (RFC 2720) over SNMP on this UDP address while metering;"
            + " without --config community '" + SnmpAgent.READ_COMMUNITY + "' reads (default"
            + " with --serve or --config: the file's agentAddress, else " + AgentConfig.DEFAULT_HOST
            + ":" + AgentConfig.DEFAULT_PORT + "; port 0 picks one)")
        .get());
    o.addOption(Option.builder().longOpt("rw-community").hasArg().argName("NAME")
        .desc("SNMP community that may also write (flowFloodMark, flowInactivityTimeout, clear"
            + " flowFloodMode); default: none, nothing is writable").get());
    o.addOption(Option.builder().longOpt("config").hasArg().argName("FILE")
        .desc("SNMP agent configuration in snmpd.conf words (agentAddress, sys*, view, com2sec,"
            + " group, access, rocommunity, rwcommunity, createUser, rouser, rwuser,"
            + " allowInsecureProtocols): v1/v2c communities, SNMPv3 users (SHA-2, AES) and VACM"
            + " views; starts the agent; see examples/snmp.conf").get());
    o.addOption(Option.builder().longOpt("serve")
        .desc("after metering the files and writing the flows, keep serving SNMP until Ctrl-C or"
            + " SIGTERM").get());
    o.addOption(Option.builder("q").longOpt("quiet").desc("no summary on standard error").get());
    o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    return o;
  }

  static String helpText() {
    StringWriter sw = new StringWriter();
    new HelpFormatter().printHelp(new PrintWriter(sw), 100,
        "rtfm meter (-r FILE ... | -i IFACE ...) [-R RULEFILE ...] [options]",
        "Meters packets with RTFM rule sets (RFC 2722) and writes every flow as CSV.",
        options(), 2, 2,
        "Exit codes: 0 ok, 2 usage, 3 bad rule file, 4 capture unreadable or damaged"
            + " (flows before the damage are written), 5 output not writable, 6 SNMP agent could"
            + " not start or its --config file was refused.");
    return sw.toString();
  }

  static MeterOptions parse(String[] args) throws UsageException {
    CommandLine cl;
    try {
      cl = new DefaultParser().parse(options(), args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (!cl.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument '" + cl.getArgList().get(0) + "'");
    }
    boolean help = cl.hasOption("h");
    List<Path> files = paths(cl.getOptionValues("r"));
    List<String> interfaces = list(cl.getOptionValues("i"));
    if (!help && files.isEmpty() == interfaces.isEmpty()) {
      throw new UsageException(files.isEmpty()
          ? "say what to meter: -r FILE or -i IFACE"
          : "meter either files (-r) or live interfaces (-i), not both");
    }
    if (!interfaces.isEmpty() && interfaces.size() > 255) {
      throw new UsageException("at most 255 interfaces");
    }
    OctetCounting octets;
    String o = cl.getOptionValue("octets", "ip").toLowerCase(Locale.ROOT);
    switch (o) {
      case "ip" -> octets = OctetCounting.IP;
      case "frame" -> octets = OctetCounting.FRAME;
      default -> throw new UsageException("--octets takes ip or frame, not '" + o + "'");
    }
    Map<Integer, Integer> rates = new LinkedHashMap<>();
    for (String v : list(cl.getOptionValues("sample-rate"))) {
      int eq = v.indexOf('=');
      if (eq < 0) {
        int n = number("--sample-rate", v, 0, Integer.MAX_VALUE);
        for (int i = 1; i <= 255; i++) {
          rates.put(i, n);
        }
      } else {
        int ifc = number("--sample-rate interface", v.substring(0, eq), 1, 255);
        rates.put(ifc, number("--sample-rate", v.substring(eq + 1), 0, Integer.MAX_VALUE));
      }
    }
    return new MeterOptions(
        files,
        interfaces,
        cl.getOptionValue("f"),
        number("--snaplen", cl.getOptionValue("s", Integer.toString(DEFAULT_SNAPLEN)), 64,
            DEFAULT_SNAPLEN),
        !cl.hasOption("no-promiscuous"),
        paths(cl.getOptionValues("R")),
        path(cl.getOptionValue("flows-out")),
        path(cl.getOptionValue("stats-out")),
        octets,
        number("--max-flows", cl.getOptionValue("max-flows",
            Integer.toString(FlowTable.DEFAULT_MAX_FLOWS)), 1, Integer.MAX_VALUE - 8),
        number("--inactivity-timeout", cl.getOptionValue("inactivity-timeout",
            Integer.toString(FlowTable.DEFAULT_INACTIVITY_TIMEOUT)), 0, Integer.MAX_VALUE / 100),
        number("--flood-mark", cl.getOptionValue("flood-mark",
            Integer.toString(Meter.DEFAULT_FLOOD_MARK)), 0, 100),
        number("--fragment-table", cl.getOptionValue("fragment-table",
            Integer.toString(DEFAULT_FRAGMENT_TABLE)), 8, 1 << 24),
        threads(cl),
        rates,
        number("--count", cl.getOptionValue("c", "0"), 0, Integer.MAX_VALUE),
        number("--duration", cl.getOptionValue("duration", "0"), 0, Integer.MAX_VALUE / 1000),
        speed(cl, interfaces),
        cl.hasOption("q"),
        snmp(cl),
        rwCommunity(cl),
        path(cl.getOptionValue("config")),
        cl.hasOption("serve"),
        help);
  }

  /** --threads N; N times --max-flows must stay a FlowIndex (Integer32, RFC 2720). */
  private static int threads(CommandLine cl) throws UsageException {
    int n = number("--threads", cl.getOptionValue("threads", "1"), 1, MAX_THREADS);
    long maxFlows = number("--max-flows", cl.getOptionValue("max-flows",
        Integer.toString(FlowTable.DEFAULT_MAX_FLOWS)), 1, Integer.MAX_VALUE - 8);
    if (maxFlows * n > Integer.MAX_VALUE) {
      throw new UsageException("--threads " + n + " with --max-flows " + maxFlows
          + ": FlowIndex values would pass 2147483647 (flowDataIndex is an Integer32);"
          + " lower either");
    }
    return n;
  }

  /**
   * --snmp ADDR:PORT; --serve alone means the default address; with --config and no --snmp the
   * file says where (null here); neither means no agent.
   */
  private static InetSocketAddress snmp(CommandLine cl) throws UsageException {
    String v = cl.getOptionValue("snmp");
    if (v == null) {
      return cl.hasOption("serve") && !cl.hasOption("config")
          ? new InetSocketAddress(AgentConfig.DEFAULT_HOST, AgentConfig.DEFAULT_PORT)
          : null;
    }
    int colon = v.lastIndexOf(':');
    if (colon <= 0) {
      throw new UsageException("--snmp takes ADDR:PORT, not '" + v + "'");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = number("--snmp port", v.substring(colon + 1), 0, MAX_PORT);
    InetSocketAddress a = new InetSocketAddress(host, port);
    if (a.isUnresolved()) {
      throw new UsageException("--snmp: unknown address '" + host + "'");
    }
    return a;
  }

  /** --speed X: 0 (or absent) is flat out; only files have timestamps to pace by. */
  private static double speed(CommandLine cl, List<String> interfaces) throws UsageException {
    String v = cl.getOptionValue("speed");
    if (v == null) {
      return 0;
    }
    if (!interfaces.isEmpty()) {
      throw new UsageException("--speed paces capture files (-r); live capture runs in real time");
    }
    double x;
    try {
      x = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--speed takes a number, not '" + v + "'");
    }
    if (!(x >= 0) || x > MAX_SPEED) {
      throw new UsageException("--speed must be between 0 and " + (long) MAX_SPEED + ": " + v);
    }
    return x;
  }

  private static String rwCommunity(CommandLine cl) throws UsageException {
    String c = cl.getOptionValue("rw-community");
    if (c == null) {
      return null;
    }
    if (!cl.hasOption("snmp") && !cl.hasOption("serve") && !cl.hasOption("config")) {
      throw new UsageException("--rw-community needs --snmp, --serve or --config");
    }
    if (c.isEmpty() || c.equals(SnmpAgent.READ_COMMUNITY)) {
      throw new UsageException("--rw-community must be non-empty and differ from '"
          + SnmpAgent.READ_COMMUNITY + "'");
    }
    return c;
  }

  /** True when an SNMP agent runs: --snmp, --serve or --config. */
  boolean agentWanted() {
    return snmp != null || snmpConfig != null;
  }

  private static int number(String what, String text, int min, int max) throws UsageException {
    try {
      long v = Long.parseLong(text.trim());
      if (v < min || v > max) {
        throw new UsageException(what + " must be between " + min + " and " + max + ": " + text);
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw new UsageException(what + " takes a number, not '" + text + "'");
    }
  }

  private static List<String> list(String[] values) {
    return values == null ? List.of() : List.of(values);
  }

  private static List<Path> paths(String[] values) {
    List<Path> l = new ArrayList<>();
    for (String v : list(values)) {
      l.add(Path.of(v));
    }
    return l;
  }

  private static Path path(String v) {
    return v == null ? null : Path.of(v);
  }
}
