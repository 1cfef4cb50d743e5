package org.rtfm4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.rtfm4j.client.ClientOptions;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.reader.FlowLayout;
import org.rtfm4j.reader.Method;
import org.rtfm4j.reader.OutputFormat;
import org.rtfm4j.reader.ReaderSettings;
import org.rtfm4j.rules.RuleFileException;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;

/** The options of {@code rtfm reader}, parsed once into an immutable value. */
record ReaderOptions(List<MeterTarget> meters, int timeoutMillis, int retries,
    ReaderSettings settings, double intervalSeconds, boolean once, boolean quiet, boolean help) {

  /** Default seconds between passes. */
  static final double DEFAULT_INTERVAL = 300;
  /** Shortest interval: passes back to back on loopback take about this long anyway. */
  static final double MIN_INTERVAL = 0.01;
  /** flowReaderTimeout with --once, seconds: run it at least this often (cron). */
  static final int ONCE_READER_TIMEOUT = 3600;
  /** flowReaderTimeout at least this, and at least {@link #TIMEOUT_INTERVALS} intervals. */
  static final int MIN_READER_TIMEOUT = 600;
  static final int TIMEOUT_INTERVALS = 3;
  /** UTF8OwnerString: at most 127 octets (RFC 2720). */
  static final int MAX_OWNER_OCTETS = 127;

  /** A command line that cannot be run; the message says why. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static Options options() {
    Options o = new Options();
    ClientOptions.add(o);
    o.addOption(Option.builder().longOpt("rule-set").hasArg().argName("N")
        .desc("rule set to collect (flowReaderRuleSet, 1..255); required").get());
    o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
        .desc("where flow data files go: DIR/HOST_PORT/rs-N/pass-SEQ-START.EXT; required").get());
    o.addOption(Option.builder().longOpt("interval").hasArg().argName("SECS")
        .desc("seconds from one pass's start to the next (default " + (long) DEFAULT_INTERVAL
            + ")").get());
    o.addOption(Option.builder().longOpt("once").desc("one pass per meter, then exit").get());
    o.addOption(Option.builder().longOpt("format").hasArg().argName("netramet|csv|jsonl")
        .desc("flow data file format (default netramet: NeMaC-style # control lines and"
            + " space-separated values; csv: the meter's --flows-out CSV; jsonl: JSON Lines)")
        .get());
    o.addOption(Option.builder().longOpt("attributes").hasArg().argName("LIST")
        .desc("RFC 2722 attribute names to write, comma-separated (default: the --rules file's"
            + " FORMAT, else the columns of the meter's --flows-out CSV)").get());
    o.addOption(Option.builder().longOpt("rules").hasArg().argName("RULEFILE")
        .desc("take the attributes (and the netramet separators) from this rule file's FORMAT")
        .get());
    o.addOption(Option.builder().longOpt("method").hasArg().argName("package|column|table")
        .desc("read flows through flowDataPackageTable (default), flowColumnActivityTable"
            + " (FlowIndex above 65535 through flowDataTable) or flowDataTable").get());
    o.addOption(Option.builder().longOpt("deltas")
        .desc("add d_ToOctets, d_ToPDUs, d_FromOctets, d_FromPDUs: growth of each counter"
            + " written since this reader last wrote the flow").get());
    o.addOption(Option.builder().longOpt("owner").hasArg().argName("TEXT")
        .desc("flowReaderOwner, how a restarted reader finds its row (default: 'rtfm reader',"
            + " the host name and a hash of DIR)").get());
    o.addOption(Option.builder().longOpt("reader-timeout").hasArg().argName("SECS")
        .desc("flowReaderTimeout: the meter forgets the reader after SECS without a pass"
            + " (default: the larger of " + MIN_READER_TIMEOUT + " and " + TIMEOUT_INTERVALS
            + " intervals; " + ONCE_READER_TIMEOUT + " with --once; 0 never)").get());
    o.addOption(Option.builder().longOpt("varbinds").hasArg().argName("N")
        .desc("varbinds asked per GETBULK, max-repetitions times columns (default 50)").get());
    o.addOption(Option.builder().longOpt("config").hasArg().argName("FILE")
        .desc("the same as --meters FILE").get());
    o.addOption(Option.builder("q").longOpt("quiet").desc("no line per pass on standard error")
        .get());
    o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    return o;
  }

  static String helpText() {
    StringWriter sw = new StringWriter();
    new HelpFormatter().printHelp(new PrintWriter(sw), 100,
        "rtfm reader (--meter HOST:PORT ... | --meters FILE) --rule-set N --out DIR"
            + " [--interval SECS | --once] [options]",
        "Collects a rule set's flows from RTFM meters over SNMP (RFC 2720 flowReaderInfoTable,"
            + " TimeFilter tables), one durable flow data file per meter and pass. Needs SNMPv2c"
            + " or v3 and write access to flowReaderInfoTable (e.g. user 'reader' of"
            + " examples/snmp.conf: -v 3 -u reader -l authPriv -a SHA-256 -A ... -x AES -X ...)."
            + " Meters are read in parallel.",
        options(), 2, 2,
        "Exit codes: 0 ok, 2 usage, 5 output not writable, 7 a meter did not answer or refused"
            + " the reader (with --once: any meter).");
    return sw.toString();
  }

  static ReaderOptions parse(String[] args) throws UsageException {
    String[] a = args.clone();
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals("--config")) {
        a[i] = "--meters";
      } else if (a[i].startsWith("--config=")) {
        a[i] = "--meters=" + a[i].substring("--config=".length());
      }
    }
    CommandLine cl;
    try {
      cl = new DefaultParser().parse(options(), a);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (!cl.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument '" + cl.getArgList().get(0) + "'");
    }
    if (cl.hasOption("h")) {
      return new ReaderOptions(List.of(), 0, 0, null, 0, false, false, true);
    }
    List<MeterTarget> meters;
    int timeoutMillis;
    int retries;
    try {
      meters = ClientOptions.targets(cl);
      timeoutMillis = ClientOptions.timeoutMillis(cl);
      retries = ClientOptions.retries(cl);
    } catch (ClientOptions.UsageException e) {
      throw new UsageException(e.getMessage());
    }
    for (MeterTarget m : meters) {
      if (m.version() == MeterTarget.Version.V1) {
        throw new UsageException("meter " + m.address() + ": the reader needs SNMPv2c or v3"
            + " (flow counters are Counter64, which SNMPv1 cannot carry)");
      }
    }
    if (!cl.hasOption("rule-set")) {
      throw new UsageException("say which rule set to collect: --rule-set N");
    }
    if (!cl.hasOption("out")) {
      throw new UsageException("say where flow data goes: --out DIR");
    }
    int ruleSet = number("--rule-set", cl.getOptionValue("rule-set"), 1,
        ReaderSettings.MAX_RULE_SET);
    Path out = Path.of(cl.getOptionValue("out"));
    boolean once = cl.hasOption("once");
    if (once && cl.hasOption("interval")) {
      throw new UsageException("--once and --interval exclude each other");
    }
    double interval = DEFAULT_INTERVAL;
    if (cl.hasOption("interval")) {
      String v = cl.getOptionValue("interval");
      try {
        interval = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new UsageException("--interval takes seconds, not '" + v + "'");
      }
      if (!(interval >= MIN_INTERVAL) || interval > Integer.MAX_VALUE) {
        throw new UsageException("--interval must be at least " + MIN_INTERVAL + " s: " + v);
      }
    }
    OutputFormat format = OutputFormat.NETRAMET;
    if (cl.hasOption("format")) {
      format = OutputFormat.byName(cl.getOptionValue("format"));
      if (format == null) {
        throw new UsageException("--format takes netramet, csv or jsonl, not '"
            + cl.getOptionValue("format") + "'");
      }
    }
    Method method = Method.PACKAGE;
    if (cl.hasOption("method")) {
      method = Method.byName(cl.getOptionValue("method"));
      if (method == null) {
        throw new UsageException("--method takes package, column or table, not '"
            + cl.getOptionValue("method") + "'");
      }
    }
    FlowLayout layout = layout(cl);
    int readerTimeout = cl.hasOption("reader-timeout")
        ? number("--reader-timeout", cl.getOptionValue("reader-timeout"), 0, Integer.MAX_VALUE)
        : once ? ONCE_READER_TIMEOUT
        : (int) Math.min(Integer.MAX_VALUE,
            Math.max(MIN_READER_TIMEOUT, Math.ceil(TIMEOUT_INTERVALS * interval)));
    int varbinds = cl.hasOption("varbinds")
        ? number("--varbinds", cl.getOptionValue("varbinds"), 1, 10_000)
        : Method.DEFAULT_VARBINDS;
    String owner = cl.hasOption("owner") ? cl.getOptionValue("owner") : defaultOwner(out);
    if (owner.getBytes(StandardCharsets.UTF_8).length > MAX_OWNER_OCTETS) {
      throw new UsageException("--owner must be at most " + MAX_OWNER_OCTETS + " octets");
    }
    return new ReaderOptions(meters, timeoutMillis, retries,
        new ReaderSettings(ruleSet, out, format, method, layout, owner, readerTimeout, varbinds),
        interval, once, cl.hasOption("q"), false);
  }

  private static FlowLayout layout(CommandLine cl) throws UsageException {
    boolean deltas = cl.hasOption("deltas");
    if (cl.hasOption("attributes") && cl.hasOption("rules")) {
      throw new UsageException("--attributes and --rules both say what to write: give one");
    }
    if (cl.hasOption("attributes")) {
      try {
        return FlowLayout.parse(cl.getOptionValue("attributes"), deltas);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--attributes: " + e.getMessage());
      }
    }
    if (cl.hasOption("rules")) {
      Path file = Path.of(cl.getOptionValue("rules"));
      RuleSet rs;
      try {
        rs = RuleFileParser.parseWithWarnings(file).ruleSet();
      } catch (RuleFileException e) {
        throw new UsageException(e.getMessage());
      } catch (IOException e) {
        throw new UsageException("cannot read rule file " + file + ": " + e.getMessage());
      }
      if (rs.format().isEmpty()) {
        throw new UsageException(file + " has no FORMAT statement: give --attributes");
      }
      return FlowLayout.fromFormat(rs.format(), deltas);
    }
    return FlowLayout.csvColumns(deltas);
  }

  /** "rtfm reader HOST DIRHASH": stable for one output directory on one host. */
  static String defaultOwner(Path out) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    String dir = out.toAbsolutePath().normalize().toString();
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(dir.getBytes(StandardCharsets.UTF_8));
      String owner = "rtfm reader " + host + " " + HexFormat.of().formatHex(d, 0, 4);
      return owner.length() > MAX_OWNER_OCTETS ? owner.substring(0, MAX_OWNER_OCTETS) : owner;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
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
}
