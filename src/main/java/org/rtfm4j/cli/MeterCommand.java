package org.rtfm4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.AgentConfigException;
import org.rtfm4j.agent.AgentConfigFile;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.capture.CaptureException;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.capture.CaptureInterface;
import org.rtfm4j.capture.LiveCapture;
import org.rtfm4j.capture.LiveCaptureOptions;
import org.rtfm4j.capture.PacketSink;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.flow.FlowCsvWriter;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.MeterStatistics;
import org.rtfm4j.meter.ShardKey;
import org.rtfm4j.mib.FlowControlTables;
import org.rtfm4j.mib.FlowDataTables;
import org.rtfm4j.mib.FlowMeterMib;
import org.rtfm4j.mib.MeterStatisticsMib;
import org.rtfm4j.packet.FragmentTable;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.RuleFileException;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;

/**
 * {@code rtfm meter}: meters capture files or live interfaces with rule files and writes every
 * flow as CSV (RFC 2722 attribute names), with a summary of what happened to every packet.
 */
final class MeterCommand {
  /** How long a Ctrl-C waits for the flows to be written before the JVM exits anyway. */
  private static final long SHUTDOWN_WAIT_SECONDS = 30;

  private final PrintStream out;
  private final PrintStream err;
  private final CountDownLatch finished = new CountDownLatch(1);
  /** Ends --serve: counted down by the shutdown hook (Ctrl-C, SIGTERM) or by a test. */
  private final CountDownLatch stopServing;
  /** The JVM is shutting down (Ctrl-C or SIGTERM arrived): stop, write, do not serve on. */
  private final AtomicBoolean stopping = new AtomicBoolean();

  MeterCommand(PrintStream out, PrintStream err, CountDownLatch stopServing) {
    this.out = out;
    this.err = err;
    this.stopServing = stopServing;
  }

  int run(String[] args) {
    try {
      return meter(args);
    } finally {
      finished.countDown();
    }
  }

  private int meter(String[] args) {
    MeterOptions options;
    try {
      options = MeterOptions.parse(args);
    } catch (MeterOptions.UsageException e) {
      err.println("rtfm meter: " + e.getMessage());
      err.println("Try 'rtfm meter --help'.");
      return ExitCode.USAGE;
    }
    if (options.help()) {
      out.print(MeterOptions.helpText());
      return ExitCode.OK;
    }

    List<RuleSet> ruleSets = new ArrayList<>();
    Map<Integer, Path> seen = new HashMap<>();
    for (Path file : options.ruleFiles()) {
      try {
        ParsedRuleFile parsed = RuleFileParser.parseWithWarnings(file);
        parsed.warnings().forEach(err::println);
        RuleSet rs = parsed.ruleSet();
        if (rs.number() == RuleFileParser.NO_SET_NUMBER) {
          err.println(file + ": no SET statement: say which rule set number it is (SET n)");
          return ExitCode.BAD_RULE_SET;
        }
        Path other = seen.put(rs.number(), file);
        if (other != null) {
          err.println("rtfm meter: " + file + " and " + other + " both define rule set "
              + rs.number());
          return ExitCode.BAD_RULE_SET;
        }
        ruleSets.add(rs);
      } catch (RuleFileException e) {
        err.println(e.getMessage());
        return ExitCode.BAD_RULE_SET;
      } catch (IOException e) {
        err.println("rtfm meter: cannot read rule file " + file + ": " + e.getMessage());
        return ExitCode.BAD_RULE_SET;
      }
    }

    boolean live = !options.interfaces().isEmpty();
    Meter meter = new Meter(options.maxFlows(),
        live ? MeterClock.system() : MeterClock.packetTime(), options.octets(),
        new FragmentTable(options.fragmentTable(), FragmentTable.DEFAULT_TIMEOUT_NANOS),
        options.threads());
    meter.flowTable().setInactivityTimeout(options.inactivityTimeout());
    meter.setFloodMark(options.floodMark());
    options.sampleRates().forEach((ifc, n) -> meter.sampling().setRate(ifc, n));
    try {
      int task = 1;
      for (RuleSet rs : ruleSets) {
        meter.addRuleSet(rs);
        meter.setTask(task++, rs.number(), 0, 0);
      }
      if (ruleSets.isEmpty()) {
        // RFC 2722 §4.4: the built-in rule set 1 "is run when the meter is started up".
        meter.setTask(1, Meter.BUILTIN_RULE_SET, 0, 0);
      }
    } catch (IllegalArgumentException e) {
      err.println("rtfm meter: " + e.getMessage());
      return ExitCode.BAD_RULE_SET;
    }

    SnmpAgent agent = null;
    if (options.agentWanted()) {
      AgentSetup setup = agentConfig(options);
      if (setup.config() == null) {
        return setup.exit();
      }
      AgentConfig config = setup.config();
      agent = new SnmpAgent(config, () -> meter.clock().now());
      agent.register(new FlowMeterMib(meter));
      agent.register(new MeterStatisticsMib(meter));
      // Rule sets and tasks from -R are loaded above, so they appear as active rows.
      agent.register(new FlowControlTables(meter, line -> err.println("rtfm meter: " + line)));
      agent.register(new FlowDataTables(meter));
      try {
        agent.start();
      } catch (IOException | RuntimeException e) {
        err.println("rtfm meter: cannot start the SNMP agent on " + config.address() + ": "
            + e.getMessage());
        return ExitCode.SNMP;
      }
      if (!options.quiet()) {
        InetSocketAddress a = agent.address();
        String host = a.getAddress().getHostAddress();
        err.println("rtfm meter: SNMP agent listening on "
            + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort());
      }
    }
    try {
      int exit = measure(options, meter);
      if (agent != null && options.serve()) {
        serve();
      }
      return exit;
    } finally {
      if (agent != null) {
        agent.stop();
      }
      meter.close();
    }
  }

  /** The agent's configuration, or (config null) the exit code after saying why there is none. */
  private record AgentSetup(AgentConfig config, int exit) {}

  /**
   * Built-in access control, or --config FILE's; then --snmp over the file's agentAddress, and
   * --rw-community on top. A file with any problem is refused whole: the meter does not start
   * with half of its access control.
   */
  private AgentSetup agentConfig(MeterOptions options) {
    AgentConfig config = AgentConfig.defaults();
    if (options.snmpConfig() != null) {
      try {
        AgentConfigFile file = AgentConfigFile.read(options.snmpConfig());
        file.warnings().forEach(w -> err.println("rtfm meter: warning: " + w));
        config = file.applyTo(config);
      } catch (AgentConfigException e) {
        e.problems().forEach(err::println);
        err.println("rtfm meter: " + options.snmpConfig()
            + " refused; the SNMP agent and the meter were not started");
        return new AgentSetup(null, ExitCode.SNMP);
      } catch (IOException e) {
        err.println("rtfm meter: cannot read SNMP configuration " + options.snmpConfig() + ": "
            + e.getMessage());
        return new AgentSetup(null, ExitCode.SNMP);
      }
    }
    if (options.snmp() != null) {
      config = config.withAddress(options.snmp());
    }
    if (options.rwCommunity() != null) {
      if (config.access().hasCommunity(options.rwCommunity())) {
        err.println("rtfm meter: --rw-community " + options.rwCommunity()
            + " is already a community in " + options.snmpConfig() + ": pick another name");
        err.println("Try 'rtfm meter --help'.");
        return new AgentSetup(null, ExitCode.USAGE);
      }
      config = config.withRwCommunity(options.rwCommunity());
    }
    return new AgentSetup(config, ExitCode.OK);
  }

  /** Meters, writes the flows and the summary. */
  private int measure(MeterOptions options, Meter meter) {
    OutputStream flowsOut;
    try {
      flowsOut = options.flowsOut() == null || options.flowsOut().toString().equals("-")
          ? out
          : Files.newOutputStream(options.flowsOut());
    } catch (IOException e) {
      err.println("rtfm meter: cannot write " + options.flowsOut() + ": " + e.getMessage());
      return ExitCode.OUTPUT;
    }

    FlowCsvWriter csv = new FlowCsvWriter(flowsOut);
    // Flows recovered while metering are written before their records are reused, so the CSV
    // holds every flow the meter measured (RFC 2722 §4.5 leaves recovery to the meter).
    BackgroundFlowWriter recovered = new BackgroundFlowWriter(csv);
    meter.flowTable().setRecoveryListener(recovered);

    Map<String, String> problems = new LinkedHashMap<>();
    Progress progress = options.quiet() ? null : Progress.startIfTerminal(meter, err);
    long started = System.nanoTime();
    int exit;
    double seconds;
    // Until the flows are written, control actions on the flow table (a manager destroying a
    // rule set over SNMP) wait for this thread; afterwards they run at once.
    Meter.CaptureSession session = meter.captureSession();
    try {
      exit = options.interfaces().isEmpty()
          ? meterFiles(options, meter, problems)
          : meterLive(options, meter, problems);
      // Every packet read is matched before the table is written (matching threads may lag).
      meter.awaitMatched();
      seconds = (System.nanoTime() - started) / 1e9;
      if (progress != null) {
        progress.stop();
      }
      try {
        recovered.finish();
        csv.writeAll(meter.flowTable());
        csv.flush();
        if (options.flowsOut() != null && !options.flowsOut().toString().equals("-")) {
          flowsOut.close();
        }
      } catch (IOException | UncheckedIOException e) {
        err.println("rtfm meter: cannot write flows: " + e.getMessage());
        return ExitCode.OUTPUT;
      }
    } finally {
      // Every flow is in the output now: flows removed later (a rule set destroyed while
      // serving) need not be written again.
      meter.flowTable().setRecoveryListener((table, slot) -> { });
      session.close();
    }

    Summary summary = new Summary(meter, csv.records(), seconds, problems);
    if (!options.quiet()) {
      summary.print(err);
    }
    if (options.statsOut() != null) {
      try {
        Files.writeString(options.statsOut(), summary.keyValues(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("rtfm meter: cannot write " + options.statsOut() + ": " + e.getMessage());
        return ExitCode.OUTPUT;
      }
    }
    return exit;
  }

  /**
   * Keeps the agent answering until Ctrl-C or SIGTERM (or a test) says stop; the meter is idle,
   * so managers read its final state.
   */
  private void serve() {
    if (stopping.get()) {
      return;
    }
    Thread hook = new Thread(() -> {
      stopping.set(true);
      stopServing.countDown();
      awaitFinished();
    }, "rtfm-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopServing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!stopping.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  private void awaitFinished() {
    try {
      finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int meterFiles(MeterOptions options, Meter meter, Map<String, String> problems) {
    int exit = ExitCode.OK;
    PacketSink sink = meter.sink();
    PacedSink paced = null;
    Thread hook = null;
    AtomicReference<PacketSource> current = new AtomicReference<>();
    if (options.speed() > 0) {
      paced = new PacedSink(sink, options.speed(), meter::runControlActions, System::nanoTime);
      sink = paced;
      // A paced replay may run for hours: Ctrl-C or SIGTERM ends it as it ends live capture,
      // and the hook waits until the flows are written.
      PacedSink p = paced;
      hook = new Thread(() -> {
        stopping.set(true);
        p.cancel();
        PacketSource s = current.get();
        if (s != null) {
          s.stop();
        }
        awaitFinished();
      }, "rtfm-replay-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    sink = limit(sink, options.count(), null);
    for (Path file : options.files()) {
      if (stopping.get()) {
        break;
      }
      try (PacketSource source = CaptureFiles.open(file)) {
        current.set(source);
        meter.addInterfaces(source);
        if (!stopping.get()) {
          source.run(sink);
        }
      } catch (CaptureException e) {
        problems.put("capture.damaged", e.getMessage());
        err.println("rtfm meter: " + e.getMessage());
        exit = ExitCode.CAPTURE;
      } catch (LimitReached e) {
        break;
      } finally {
        current.set(null);
      }
    }
    if (hook != null && !stopping.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return exit;
  }

  private int meterLive(MeterOptions options, Meter meter, Map<String, String> problems) {
    PacketSource source;
    try {
      source = LiveCapture.open(options.interfaces(), LiveCaptureOptions.defaults()
          .withFilter(options.filter())
          .withSnapLength(options.snaplen())
          .withPromiscuous(options.promiscuous()));
    } catch (CaptureException e) {
      err.println("rtfm meter: " + e.getMessage());
      return ExitCode.CAPTURE;
    }
    meter.addInterfaces(source);
    // Ctrl-C or SIGTERM stops the capture; the hook then waits until the flows are written.
    Thread hook = new Thread(() -> {
      stopping.set(true);
      source.stop();
      awaitFinished();
    }, "rtfm-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Thread timer = null;
    if (options.durationSeconds() > 0) {
      timer = new Thread(() -> {
        try {
          Thread.sleep(options.durationSeconds() * 1000L);
          source.stop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "rtfm-duration");
      timer.setDaemon(true);
      timer.start();
    }
    int exit = ExitCode.OK;
    try {
      source.run(limit(meter.sink(), options.count(), source));
    } catch (CaptureException e) {
      problems.put("capture.error", e.getMessage());
      err.println("rtfm meter: " + e.getMessage());
      exit = ExitCode.CAPTURE;
    } catch (LimitReached e) {
      // -c reached
    } finally {
      for (CaptureInterface ifc : source.interfaces()) {
        problems.put("interface." + ifc.number() + ".lost", Long.toString(
            source.lostPackets(ifc.number())));
        problems.put("interface." + ifc.number() + ".name", ifc.name());
      }
      source.close();
      if (timer != null) {
        timer.interrupt();
      }
    }
    if (!stopping.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return exit;
  }

  /** Stops metering after {@code count} packets (-c), like tcpdump. */
  private static PacketSink limit(PacketSink sink, long count, PacketSource source) {
    if (count <= 0) {
      return sink;
    }
    return new PacketSink() {
      private long n;

      @Override
      public void packet(int ifc, int linkType, long ts, byte[] data, int offset, int caplen,
          int wirelen) {
        if (n >= count) {
          if (source != null) {
            source.stop();
            return;
          }
          throw new LimitReached();
        }
        n++;
        sink.packet(ifc, linkType, ts, data, offset, caplen, wirelen);
      }
    };
  }

  /** Thrown through a file source to end it early at the -c limit. */
  private static final class LimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitReached() {
      super(null, null, false, false);
    }
  }

  /** The end-of-run summary, for people (stderr) and programs (--stats-out). */
  static final class Summary {
    private final Meter meter;
    private final long records;
    private final double seconds;
    private final Map<String, String> problems;

    Summary(Meter meter, long records, double seconds, Map<String, String> problems) {
      this.meter = meter;
      this.records = records;
      this.seconds = seconds;
      this.problems = problems;
    }

    String keyValues() {
      StringBuilder sb = new StringBuilder();
      MeterStatistics s = meter.statistics();
      s.asMap().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
      FlowTable t = meter.flowTable();
      sb.append("octets.counted=").append(s.countedOctets()).append('\n');
      sb.append("flows.records=").append(records).append('\n');
      sb.append("flows.active=").append(t.activeFlows()).append('\n');
      sb.append("flows.created=").append(t.createdFlows()).append('\n');
      sb.append("flows.recovered=").append(t.recoveredFlows()).append('\n');
      sb.append("flows.refused=").append(t.refusedFlows()).append('\n');
      sb.append("flows.max=").append(t.maxFlows()).append('\n');
      sb.append("meter.flood_mode=").append(meter.floodMode()).append('\n');
      meter.decoderFigures().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
      meter.pmeErrors().forEach((rs, n) ->
          sb.append("ruleset.").append(rs).append(".pme_errors=").append(n).append('\n'));
      problems.forEach((k, v) -> sb.append(k).append('=').append(v.replace('\n', ' '))
          .append('\n'));
      sb.append("seconds=").append(String.format("%.3f", seconds)).append('\n');
      return sb.toString();
    }

    void print(PrintStream err) {
      MeterStatistics s = meter.statistics();
      FlowTable t = meter.flowTable();
      long read = s.read();
      err.printf("rtfm meter: %,d packets read in %.2f s (%,.0f packets/s)%n", read, seconds,
          seconds > 0 ? read / seconds : 0.0);
      for (MeterStatistics.Disposition d : MeterStatistics.Disposition.values()) {
        long n = s.get(d);
        if (n > 0 || d == MeterStatistics.Disposition.COUNTED) {
          err.printf("  %-18s %,14d%n", describe(d), n);
        }
      }
      for (org.rtfm4j.packet.MalformedReason r : org.rtfm4j.packet.MalformedReason.values()) {
        long n = s.malformed(r);
        if (n > 0) {
          err.printf("    malformed: %-32s %,d%n", r.description(), n);
        }
      }
      if (s.truncated() > 0) {
        err.printf("  %-18s %,14d  (cut short by the capture's snaplen; counted from what was"
            + " captured)%n", "truncated", s.truncated());
      }
      err.printf("  %-18s %,14d  (%,d active, %,d recovered, %,d refused, max %,d)%n",
          "flow records", records, t.activeFlows(), t.recoveredFlows(), t.refusedFlows(),
          t.maxFlows());
      Map<String, Long> d = meter.decoderFigures();
      if (d.get("fragments.evicted_while_full") > 0) {
        err.printf("  fragment table full: %,d entries evicted (--fragment-table %,d)%n",
            d.get("fragments.evicted_while_full"), d.get("fragments.table_size"));
      }
      if (meter.floodMode()) {
        err.printf("  flood mode: the flow table passed the flood mark (%d%%)%n",
            meter.floodMark());
      }
      if (meter.threads() > 1) {
        ShardKey key = meter.shardKey();
        err.printf("  matching threads   %,14d  (%s)%n", meter.threads(), key == null
            ? "all packets on one: a running rule set keys flows on no peer address"
            : "packets spread by peer addresses " + key);
      }
      meter.pmeErrors().forEach((rs, n) -> err.printf(
          "  rule set %d failed on %,d packets: %s%n", rs, n, meter.lastPmeError(rs)));
      problems.forEach((k, v) -> {
        if (k.endsWith(".lost") && !v.equals("0")) {
          err.printf("  %s: %s packets lost by the capture%n", k.replace(".lost", ""), v);
        }
      });
    }

    private static String describe(MeterStatistics.Disposition d) {
      switch (d) {
        case COUNTED: return "counted";
        case IGNORED: return "ignored by rules";
        case NON_IP: return "non-IP";
        case UNSUPPORTED_LINK: return "unsupported link";
        case MALFORMED: return "malformed";
        case NOT_SAMPLED: return "not sampled";
        case REFUSED: return "refused (full)";
        default: return "rule set errors";
      }
    }
  }
}
