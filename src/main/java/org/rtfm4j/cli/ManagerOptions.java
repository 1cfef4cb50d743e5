package org.rtfm4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.rtfm4j.client.ClientOptions;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.manager.LoadRequest;
import org.rtfm4j.manager.Manager;

/**
 * The options of {@code rtfm manager}, parsed once: the meters, the action and its arguments.
 *
 * @param meters the meters to act on, in the order given
 * @param timeoutMillis time to wait for each answer
 * @param retries resends after a timeout
 * @param owner this manager's owner string
 * @param action the action word (load, list, ...), or null with --help
 * @param arguments the action's arguments
 * @param number the action's numeric argument (N, T, or the value of set), checked; 0 for none
 * @param load what load and run do
 * @param rulesPerRequest rules per SET while loading
 * @param help --help
 */
record ManagerOptions(List<MeterTarget> meters, int timeoutMillis, int retries, String owner,
    String action, List<String> arguments, int number, LoadRequest load, int rulesPerRequest,
    boolean help) {

  private static final int PERCENT = 100;
  /** --batch: more rules than this per SET would not fit in one UDP datagram anyway. */
  private static final int MAX_BATCH = 1000;

  /** The actions and how many arguments each takes. */
  static final String ACTIONS = String.join("\n",
      "actions:",
      "  load FILE.rules|FILE.srl [--set N] [--name NAME] [--task T] [--standby M] [--hwm P] [--replace]",
      "                          validate, download, read back, activate; run it as task T",
      "  run N --task T [--standby M] [--hwm P]   make task T run active rule set N",
      "  list                    rule sets: number, name, owner, rules, status, flows, tasks",
      "  show N                  rule set N in rule-file syntax",
      "  tasks                   tasks: rule sets, high-water mark, standby, owner",
      "  status                  uptime, flows, flood mode, tasks, readers, interfaces",
      "  stop T                  stop task T (its row is destroyed)",
      "  delete N                delete rule set N and its flows (no task may use it)",
      "  cleanup                 delete the rule sets this manager left half-written",
      "  resume T                task T leaves its standby rule set (RunningStandby false)",
      "  set inactivity-timeout S | set flood-mark P",
      "  clear-flood             the meter leaves flood mode (flowFloodMode false)",
      "");

  private static Options options() {
    Options o = ClientOptions.add(new Options());
    o.addOption(Option.builder().longOpt("config").hasArg().argName("FILE")
        .desc("another spelling of --meters FILE").get());
    o.addOption(Option.builder().longOpt("owner").hasArg().argName("TEXT")
        .desc("owner string of the rows this manager creates (default '"
            + "rtfm4j-manager USER@HOST')").get());
    o.addOption(Option.builder().longOpt("set").hasArg().argName("N")
        .desc("load: rule set number 2..255 (default: the file's SET if free, else the"
            + " lowest free)").get());
    o.addOption(Option.builder().longOpt("name").hasArg().argName("NAME")
        .desc("load: flowRuleInfoName (default: the file name without .rules)").get());
    o.addOption(Option.builder().longOpt("task").hasArg().argName("T")
        .desc("load, run: the task to create or change so that it runs the rule set").get());
    o.addOption(Option.builder().longOpt("standby").hasArg().argName("M")
        .desc("load, run: the task's standby rule set (active; 0 for none)").get());
    o.addOption(Option.builder().longOpt("hwm").hasArg().argName("P")
        .desc("load, run: the task's high-water mark, percent of flowMaxFlows").get());
    o.addOption(Option.builder().longOpt("replace")
        .desc("load: replace this manager's rule set of the same name (its tasks switch to"
            + " the new one, then it is deleted)").get());
    o.addOption(Option.builder().longOpt("force")
        .desc("change or delete rows another manager owns").get());
    o.addOption(Option.builder().longOpt("batch").hasArg().argName("RULES")
        .desc("load: rules per SET request (default " + Manager.DEFAULT_RULES_PER_REQUEST
            + ")").get());
    o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    return o;
  }

  static String helpText() {
    StringWriter sw = new StringWriter();
    PrintWriter pw = new PrintWriter(sw);
    new HelpFormatter().printHelp(pw, 100,
        "rtfm manager (--meter HOST:PORT ... | --meters FILE) [SNMP options] ACTION [ARGS]",
        "Controls RTFM meters through the Meter MIB (RFC 2720): downloads rule sets and runs"
            + " them as tasks. Every action acts on every meter given and reports per meter.",
        options(), 2, 2,
        "Exit codes: 0 ok on every meter, 2 usage, 3 bad rule file, 7 a meter refused,"
            + " failed or did not answer (the message says which and why).");
    pw.flush();
    return sw + ACTIONS;
  }

  static ManagerOptions parse(String[] args) throws ClientOptions.UsageException {
    CommandLine cl;
    try {
      cl = new DefaultParser().parse(options(), configAsMeters(args));
    } catch (ParseException e) {
      throw new ClientOptions.UsageException(e.getMessage());
    }
    if (cl.hasOption("h")) {
      return new ManagerOptions(List.of(), 0, 0, null, null, List.of(), 0, null, 0, true);
    }
    List<String> rest = new ArrayList<>(cl.getArgList());
    if (rest.isEmpty()) {
      throw new ClientOptions.UsageException("say what to do: load, run, list, show, tasks,"
          + " status, stop, delete, cleanup, resume, set, clear-flood");
    }
    String action = rest.remove(0);
    checkArity(action, rest);
    int argument = argument(action, rest);
    List<MeterTarget> meters = ClientOptions.targets(cl);
    String owner = cl.hasOption("owner") ? cl.getOptionValue("owner") : Manager.defaultOwner();
    if (owner.getBytes(StandardCharsets.UTF_8).length > Manager.MAX_TEXT_OCTETS) {
      throw new ClientOptions.UsageException("--owner is at most " + Manager.MAX_TEXT_OCTETS
          + " octets (RFC 2720 UTF8OwnerString)");
    }
    int hwm = cl.hasOption("hwm") ? number(cl, "hwm", 0, PERCENT) : -1;
    LoadRequest load = new LoadRequest(
        cl.hasOption("set") ? number(cl, "set", 2, FlowMib.MAX_RULE_SET) : 0,
        cl.getOptionValue("name"),
        cl.hasOption("task") ? number(cl, "task", 1, Integer.MAX_VALUE) : 0,
        cl.hasOption("standby") ? number(cl, "standby", 0, FlowMib.MAX_RULE_SET) : -1,
        hwm,
        cl.hasOption("replace"),
        cl.hasOption("force"));
    if (action.equals("load") && load.task() == 0
        && (cl.hasOption("standby") || cl.hasOption("hwm"))) {
      throw new ClientOptions.UsageException("--standby and --hwm belong to a task: add --task T");
    }
    if (action.equals("run") && load.task() == 0) {
      throw new ClientOptions.UsageException("run needs --task T: the task that runs it");
    }
    return new ManagerOptions(meters, ClientOptions.timeoutMillis(cl), ClientOptions.retries(cl),
        owner, action, List.copyOf(rest), argument, load,
        cl.hasOption("batch") ? number(cl, "batch", 1, MAX_BATCH)
            : Manager.DEFAULT_RULES_PER_REQUEST,
        false);
  }

  /**
   * The spelling {@code --config FILE} as {@code --meters FILE} (the meter list): both
   * are accepted, once.
   */
  private static String[] configAsMeters(String[] args) throws ClientOptions.UsageException {
    String[] a = args.clone();
    int lists = 0;
    for (int i = 0; i < a.length && !a[i].equals("--"); i++) {
      if (a[i].equals("--config")) {
        a[i] = "--meters";
      } else if (a[i].startsWith("--config=")) {
        a[i] = "--meters=" + a[i].substring("--config=".length());
      }
      if (a[i].equals("--meters") || a[i].startsWith("--meters=")) {
        lists++;
      }
    }
    if (lists > 1) {
      throw new ClientOptions.UsageException("give one meter list: --meters FILE (or --config"
          + " FILE)");
    }
    return a;
  }

  private static void checkArity(String action, List<String> rest)
      throws ClientOptions.UsageException {
    int want;
    switch (action) {
      case "list", "tasks", "status", "cleanup", "clear-flood" -> want = 0;
      case "load", "run", "show", "stop", "delete", "resume" -> want = 1;
      case "set" -> want = 2;
      default -> throw new ClientOptions.UsageException("unknown action '" + action + "'");
    }
    if (rest.size() != want) {
      throw new ClientOptions.UsageException(action + " takes " + (want == 0 ? "no arguments"
          : want == 1 ? "one argument" : "two arguments") + (rest.isEmpty() ? ""
              : ", not '" + String.join(" ", rest) + "'"));
    }
  }

  /** The numeric argument of {@code action}, checked against its range. */
  private static int argument(String action, List<String> rest)
      throws ClientOptions.UsageException {
    switch (action) {
      case "run", "show", "delete":
        return number(rest.get(0), action + " N", 1, FlowMib.MAX_RULE_SET);
      case "stop", "resume":
        return number(rest.get(0), action + " T", 1, Integer.MAX_VALUE);
      case "set":
        switch (rest.get(0)) {
          case "inactivity-timeout":
            return number(rest.get(1), "set inactivity-timeout", 0, Integer.MAX_VALUE);
          case "flood-mark":
            return number(rest.get(1), "set flood-mark", 0, PERCENT);
          default:
            throw new ClientOptions.UsageException("set takes inactivity-timeout SECONDS or"
                + " flood-mark PERCENT, not '" + rest.get(0) + "'");
        }
      default:
        return 0;
    }
  }

  private static int number(CommandLine cl, String option, int min, int max)
      throws ClientOptions.UsageException {
    return number(cl.getOptionValue(option), "--" + option, min, max);
  }

  /** {@code text} as a whole number in min..max, or a usage error naming {@code what}. */
  static int number(String text, String what, int min, int max)
      throws ClientOptions.UsageException {
    try {
      long v = Long.parseLong(text.strip());
      if (v >= min && v <= max) {
        return (int) v;
      }
    } catch (NumberFormatException e) {
      // the message below says what is wanted
    }
    throw new ClientOptions.UsageException(what + " takes a whole number " + min + ".." + max
        + ", not '" + text + "'");
  }
}
