package org.rtfm4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.capture.CaptureException;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.manager.LoadRequest;
import org.rtfm4j.manager.LoadResult;
import org.rtfm4j.manager.Manager;
import org.rtfm4j.manager.ManagerException;
import org.rtfm4j.manager.PendingRuleSets;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.mib.FlowControlTables;
import org.rtfm4j.mib.FlowDataTables;
import org.rtfm4j.mib.FlowMeterMib;
import org.rtfm4j.mib.MeterStatisticsMib;
import org.rtfm4j.reader.FlowLayout;
import org.rtfm4j.reader.MeterReader;
import org.rtfm4j.reader.Method;
import org.rtfm4j.reader.OutputFormat;
import org.rtfm4j.reader.PassResult;
import org.rtfm4j.reader.ReaderException;
import org.rtfm4j.reader.ReaderSettings;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.RuleFileException;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.srl.SrlCompiler;
import org.rtfm4j.srl.SrlException;

/**
 * {@code rtfm demo}: the whole RTFM system (RFC 2722 §2) on the bundled example capture, in this
 * JVM, over SNMP on a free loopback port: a meter serving the Meter MIB; a manager that loads
 * five-tuple and runs it as a task; a reader that registers, then collects the flows once the
 * capture has been metered; a table of the top flows by octets; everything stopped.
 */
final class DemoCommand {
  private static final String NAME = "rtfm demo: ";
  /** Set by bin/rtfm: the project directory, where examples/ and rulesets/ are. */
  static final String HOME_PROPERTY = "rtfm4j.home";
  private static final String COMMUNITY = "rtfm-demo";
  private static final String OWNER = "rtfm demo";
  private static final int DEFAULT_TOP = 10;
  private static final int TIMEOUT_MILLIS = 2000;
  private static final int RETRIES = 1;
  private static final int TASK = 1;
  private static final int READER_TIMEOUT = 60;

  private final PrintStream out;
  private final PrintStream err;

  DemoCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  private static Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("capture").hasArg().argName("FILE")
        .desc("capture to meter (default examples/stun.pcap)").get());
    o.addOption(Option.builder().longOpt("rules").hasArg().argName("FILE")
        .desc("rule file or SRL program the manager loads (default rulesets/five-tuple.rules)")
        .get());
    o.addOption(Option.builder().longOpt("top").hasArg().argName("N")
        .desc("flows to show (default " + DEFAULT_TOP + ")").get());
    o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
        .desc("keep the reader's flow data files here (default: a temporary directory, removed)")
        .get());
    o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    return o;
  }

  int run(String[] args) {
    CommandLine cl;
    int top;
    try {
      cl = new DefaultParser().parse(options(), args);
      if (!cl.getArgList().isEmpty()) {
        throw new ParseException("unexpected argument '" + cl.getArgList().get(0) + "'");
      }
      top = Integer.parseInt(cl.getOptionValue("top", Integer.toString(DEFAULT_TOP)));
      if (top < 1) {
        throw new ParseException("--top must be 1 or more");
      }
    } catch (ParseException | NumberFormatException e) {
      err.println(NAME + e.getMessage());
      err.println("Try 'rtfm demo --help'.");
      return ExitCode.USAGE;
    }
    if (cl.hasOption("h")) {
      StringWriter sw = new StringWriter();
      new HelpFormatter().printHelp(new PrintWriter(sw), 100, "rtfm demo [options]",
          "Runs a meter, a manager and a reader on the example capture over SNMP on loopback,"
              + " prints the top flows, and stops.", options(), 2, 2, "");
      out.print(sw);
      return ExitCode.OK;
    }
    Path capture = located(cl.getOptionValue("capture"), "examples/stun.pcap");
    Path rules = located(cl.getOptionValue("rules"), "rulesets/five-tuple.rules");
    RuleSet ruleSet = ruleSet(rules);
    if (ruleSet == null) {
      return ExitCode.BAD_RULE_SET;
    }
    Path keep = cl.hasOption("out") ? Path.of(cl.getOptionValue("out")) : null;
    Path dir;
    try {
      dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("rtfm-demo");
    } catch (IOException e) {
      err.println(NAME + "cannot create a directory for the reader: " + e.getMessage());
      return ExitCode.OUTPUT;
    }
    try {
      return demo(capture, rules, ruleSet, dir, top, keep != null);
    } finally {
      if (keep == null) {
        delete(dir);
      }
    }
  }

  private int demo(Path capture, Path rules, RuleSet ruleSet, Path dir, int top, boolean kept) {
    Meter meter = new Meter(FlowTable.DEFAULT_MAX_FLOWS, MeterClock.packetTime(),
        OctetCounting.IP);
    SnmpAgent agent = new SnmpAgent(new AgentConfig(new InetSocketAddress(
        AgentConfig.DEFAULT_HOST, 0), COMMUNITY, "demo", "", "rtfm-demo", ""),
        () -> meter.clock().now());
    agent.register(new FlowMeterMib(meter));
    agent.register(new MeterStatisticsMib(meter));
    agent.register(new FlowControlTables(meter, line -> err.println(NAME + "meter: " + line)));
    agent.register(new FlowDataTables(meter));
    try {
      agent.start();
    } catch (IOException | RuntimeException e) {
      err.println(NAME + "cannot start the meter's SNMP agent: " + e.getMessage());
      return ExitCode.SNMP;
    }
    try {
      int port = agent.address().getPort();
      MeterTarget target = MeterTarget.community(AgentConfig.DEFAULT_HOST, port,
          MeterTarget.Version.V2C, COMMUNITY);
      out.println(NAME + "meter serving the Meter MIB (RFC 2720) on " + target.address());
      int number;
      try (MeterClient client = MeterClient.open(target, TIMEOUT_MILLIS, RETRIES)) {
        LoadResult r = new Manager(client, OWNER, new PendingRuleSets()).load(ruleSet,
            LoadRequest.withTask(TASK));
        number = r.ruleSet();
        out.println(NAME + "manager loaded " + rules + " as rule set " + number + " ("
            + r.size() + " rules), run by task " + r.task());
      }
      ReaderSettings settings = new ReaderSettings(number, dir, OutputFormat.CSV,
          Method.PACKAGE, FlowLayout.csvColumns(false), OWNER, READER_TIMEOUT,
          Method.DEFAULT_VARBINDS);
      try (MeterClient client = MeterClient.open(target, TIMEOUT_MILLIS, RETRIES);
          MeterReader reader = MeterReader.open(client, settings)) {
        // Registered before any packet: the meter keeps every flow until the reader has it.
        reader.pass();
        out.println(NAME + "reader registered in flowReaderInfoTable");
        long packets = meter(meter, capture);
        if (packets < 0) {
          return ExitCode.CAPTURE;
        }
        PassResult p = reader.pass();
        out.println(NAME + "metered " + capture + ": " + packets + " packets; the reader"
            + " collected " + p.flows() + " flows in " + p.seq() + " passes"
            + (kept ? " (" + p.file() + ")" : ""));
        printTop(reader.directory(), number, top);
      }
      return ExitCode.OK;
    } catch (ManagerException | MeterException | ReaderException e) {
      err.println(NAME + e.getMessage());
      return ExitCode.METER;
    } catch (IOException e) {
      err.println(NAME + e.getMessage());
      return ExitCode.OUTPUT;
    } finally {
      agent.stop();
      out.println(NAME + "meter, manager and reader stopped");
    }
  }

  /** Meters the capture; returns the packets read, or -1 after saying why it failed. */
  private long meter(Meter meter, Path capture) {
    try (Meter.CaptureSession s = meter.captureSession();
        PacketSource source = CaptureFiles.open(capture)) {
      meter.addInterfaces(source);
      source.run(meter.sink());
      return meter.statistics().read();
    } catch (CaptureException e) {
      err.println(NAME + e.getMessage());
      return -1;
    }
  }

  /** The top flows by octets, from the reader's files: the latest line of each flow. */
  private void printTop(Path dir, int ruleSet, int top) throws IOException {
    Map<String, Map<String, String>> flows = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("pass-")).sorted().toList();
    }
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      String[] names = lines.get(0).split(",", -1);
      for (String line : lines.subList(1, lines.size())) {
        String[] v = line.split(",", -1);
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
          m.put(names[i], v[i]);
        }
        flows.put(m.get("FlowIndex") + "," + m.get("FirstTime"), m);
      }
    }
    List<Map<String, String>> l = new ArrayList<>(flows.values());
    l.sort(Comparator.comparingLong((Map<String, String> m) -> octets(m)).reversed());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "proto", "source", "destination", "packets", "octets"});
    for (int i = 0; i < Math.min(top, l.size()); i++) {
      Map<String, String> m = l.get(i);
      rows.add(new String[] {Integer.toString(i + 1), protocol(m.get("SourceTransType")),
          endpoint(m.get("SourcePeerAddress"), m.get("SourceTransAddress")),
          endpoint(m.get("DestPeerAddress"), m.get("DestTransAddress")),
          String.format(Locale.ROOT, "%,d", number(m, "ToPDUs") + number(m, "FromPDUs")),
          String.format(Locale.ROOT, "%,d", octets(m))});
    }
    out.println();
    out.println("Top " + (rows.size() - 1) + " of " + l.size() + " flows of rule set " + ruleSet
        + " by octets (both directions):");
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder(" ");
      for (int c = 0; c < r.length; c++) {
        // Numbers right-aligned, text left-aligned.
        boolean right = c == 0 || c >= 4;
        String cell = right ? pad(r[c], width[c], true) : pad(r[c], width[c], false);
        sb.append(' ').append(cell).append(' ');
      }
      out.println(sb.toString().stripTrailing());
    }
    out.println();
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }

  private static long octets(Map<String, String> m) {
    return number(m, "ToOctets") + number(m, "FromOctets");
  }

  private static long number(Map<String, String> m, String name) {
    String v = m.get(name);
    return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
  }

  private static String protocol(String number) {
    if (number == null || number.isEmpty()) {
      return "-";
    }
    switch (number) {
      case "1":
        return "icmp";
      case "6":
        return "tcp";
      case "17":
        return "udp";
      case "58":
        return "icmpv6";
      case "132":
        return "sctp";
      default:
        return number;
    }
  }

  private static String endpoint(String address, String port) {
    String a = address == null || address.isEmpty() ? "-" : address;
    if (port == null || port.isEmpty() || port.equals("0")) {
      return a;
    }
    return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
  }

  /** {@code given}, else {@code fallback} under the project directory (or the current one). */
  private static Path located(String given, String fallback) {
    if (given != null) {
      return Path.of(given);
    }
    String home = System.getProperty(HOME_PROPERTY);
    return home == null ? Path.of(fallback) : Path.of(home).resolve(fallback);
  }

  private RuleSet ruleSet(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    try {
      ParsedRuleFile p = name.toLowerCase(Locale.ROOT).endsWith(".srl")
          ? SrlCompiler.compile(file) : RuleFileParser.parseWithWarnings(file);
      p.warnings().forEach(err::println);
      return p.ruleSet();
    } catch (RuleFileException e) {
      err.println(e.getMessage());
    } catch (SrlException e) {
      e.errors().forEach(err::println);
    } catch (IOException e) {
      err.println(NAME + "cannot read rule file " + file + ": " + e.getMessage());
    }
    return null;
  }

  private void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      err.println(NAME + "could not remove " + dir + ": " + e.getMessage());
    }
  }
}
