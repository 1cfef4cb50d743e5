package org.rtfm4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rtfm4j.client.ClientOptions;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.manager.InterfaceInfo;
import org.rtfm4j.manager.LoadResult;
import org.rtfm4j.manager.Manager;
import org.rtfm4j.manager.ManagerException;
import org.rtfm4j.manager.MeterStatus;
import org.rtfm4j.manager.PendingRuleSets;
import org.rtfm4j.manager.ReaderInfo;
import org.rtfm4j.manager.RowStatusText;
import org.rtfm4j.manager.RuleSetInfo;
import org.rtfm4j.manager.TaskInfo;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.RuleFileException;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.srl.SrlCompiler;
import org.rtfm4j.srl.SrlException;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.rules.RuleSet;

/**
 * {@code rtfm manager}: acts on one or more meters through the Meter MIB (RFC 2720), one meter
 * after the other, and reports per meter (each line prefixed with the meter's address when there
 * are several).
 */
final class ManagerCommand {
  private static final String NAME = "rtfm manager: ";
  private static final long CENTIS_PER_SECOND = 100;
  private static final long SECONDS_PER_DAY = 86_400;
  private static final long SECONDS_PER_HOUR = 3600;
  private static final long SECONDS_PER_MINUTE = 60;
  private static final int PERCENT = 100;

  private final PrintStream out;
  private final PrintStream err;

  ManagerCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    ManagerOptions o;
    try {
      o = ManagerOptions.parse(args);
    } catch (ClientOptions.UsageException e) {
      err.println(NAME + e.getMessage());
      err.println("Try 'rtfm manager --help'.");
      return ExitCode.USAGE;
    }
    if (o.help()) {
      out.print(ManagerOptions.helpText());
      return ExitCode.OK;
    }
    ParsedRuleFile parsed = null;
    if (o.action().equals("load")) {
      parsed = ruleFile(Path.of(o.arguments().get(0)));
      if (parsed == null) {
        return ExitCode.BAD_RULE_SET;
      }
    }
    PendingRuleSets pending = new PendingRuleSets();
    // Ctrl-C or SIGTERM during a load: the half-written rule sets go before the JVM does.
    Thread hook = new Thread(() -> pending.abandon(line -> err.println(NAME + line)),
        "rtfm-manager-interrupted");
    boolean hooked = parsed != null;
    if (hooked) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    int failed = 0;
    try {
      for (MeterTarget m : o.meters()) {
        String prefix = o.meters().size() > 1 ? m.address() + ": " : "";
        try (MeterClient client = MeterClient.open(m, o.timeoutMillis(), o.retries())) {
          Manager manager = new Manager(client, o.owner(), pending);
          manager.setRulesPerRequest(o.rulesPerRequest());
          for (String line : act(manager, o, parsed, prefix)) {
            out.println(prefix + line);
          }
        } catch (ManagerException e) {
          err.println(NAME + prefix + e.getMessage());
          failed++;
        } catch (IOException e) {
          err.println(NAME + prefix + "cannot open an SNMP session to meter " + m.address()
              + ": " + e.getMessage());
          failed++;
        }
      }
    } finally {
      if (hooked) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // The JVM is already shutting down: the hook runs (or ran) anyway.
        }
      }
    }
    return failed == 0 ? ExitCode.OK : ExitCode.METER;
  }

  /** Reads a rule file for load; prints its problems and returns null when it cannot be used. */
  private ParsedRuleFile ruleFile(Path file) {
    String f = file.getFileName() == null ? "" : file.getFileName().toString();
    try {
      // An SRL program is compiled here, exactly as `rtfm srl` compiles it (RFC 2723).
      ParsedRuleFile p = f.toLowerCase(Locale.ROOT).endsWith(".srl")
          ? SrlCompiler.compile(file)
          : RuleFileParser.parseWithWarnings(file);
      p.warnings().forEach(err::println);
      return p;
    } catch (RuleFileException e) {
      err.println(e.getMessage());
    } catch (SrlException e) {
      e.errors().forEach(err::println);
    } catch (IOException e) {
      err.println(NAME + "cannot read rule file " + file + ": " + e.getMessage());
    }
    return null;
  }

  /** Does the action on one meter; returns the lines to print. */
  private List<String> act(Manager m, ManagerOptions o, ParsedRuleFile parsed, String prefix)
      throws ManagerException {
    List<String> args = o.arguments();
    switch (o.action()) {
      case "load":
        return load(m, o, parsed, prefix);
      case "run": {
        int n = o.number();
        m.run(n, o.load().task(), o.load().standby(), o.load().highWaterMark(),
            o.load().force());
        return List.of("task " + o.load().task() + " runs rule set " + n);
      }
      case "list":
        return list(m);
      case "show": {
        RuleSet rs = m.ruleSet(o.number());
        return RuleFileWriter.write(rs).lines().toList();
      }
      case "tasks":
        return tasks(m.tasks(), m.ruleSets(), m);
      case "status":
        return status(m);
      case "stop": {
        int t = o.number();
        m.stop(t, o.load().force());
        return List.of("task " + t + " stopped");
      }
      case "delete": {
        int n = o.number();
        m.delete(n, o.load().force());
        return List.of("rule set " + n + " deleted");
      }
      case "cleanup": {
        List<Integer> done = m.cleanup();
        return List.of(done.isEmpty() ? "no half-written rule sets of this manager"
            : "removed the half-written rule set" + (done.size() == 1 ? " " : "s ")
                + join(done));
      }
      case "resume": {
        int t = o.number();
        boolean wasStandby = m.resume(t, o.load().force());
        return List.of(wasStandby ? "task " + t + " runs its current rule set again"
            : "task " + t + " was already running its current rule set");
      }
      case "set":
        return set(m, args.get(0), o.number());
      case "clear-flood":
        m.clearFlood();
        return List.of("flood mode cleared");
      default:
        throw new IllegalStateException("action " + o.action());
    }
  }

  private List<String> load(Manager m, ManagerOptions o, ParsedRuleFile parsed, String prefix)
      throws ManagerException {
    LoadResult r = m.load(parsed.ruleSet(), o.load());
    if (parsed.warnings().isEmpty()) {
      // Warnings the file's parser did not give (it gives RuleSetChecker's, with positions).
      r.warnings().forEach(w -> err.println(NAME + prefix + "warning: " + w));
    }
    r.notes().forEach(n -> err.println(NAME + prefix + "note: " + n));
    String line = "loaded " + o.arguments().get(0) + " as rule set " + r.ruleSet() + " '"
        + r.name() + "' (" + r.size() + (r.size() == 1 ? " rule)" : " rules)");
    line += r.task() > 0 ? ", run by task " + r.task()
        : "; no task runs it (load with --task T, or 'run " + r.ruleSet() + " --task T')";
    if (!r.replaced().isEmpty()) {
      line += "; replaced rule set" + (r.replaced().size() == 1 ? " " : "s ")
          + join(r.replaced());
    }
    return List.of(line);
  }

  private static List<String> list(Manager m) throws ManagerException {
    List<RuleSetInfo> sets = m.ruleSets();
    List<TaskInfo> tasks = m.tasks();
    TextTable t = new TextTable(">SET", "NAME", "OWNER", ">RULES", "STATUS", ">FLOWS", "TASKS");
    List<String> notes = new ArrayList<>();
    boolean anyOurs = false;
    for (RuleSetInfo s : sets) {
      boolean ours = m.ours(s.owner());
      anyOurs |= ours;
      List<String> users = new ArrayList<>();
      for (TaskInfo task : tasks) {
        if (task.currentRuleSet() == s.index()) {
          users.add(Integer.toString(task.index()));
        } else if (task.standbyRuleSet() == s.index()) {
          users.add(task.index() + " (standby)");
        }
      }
      String status = RowStatusText.of(s.status());
      if (m.halfWritten(s)) {
        status += ", half-written";
        notes.add("rule set " + s.index() + " was left half-written by an interrupted load of"
            + " this manager; 'cleanup' or 'delete " + s.index() + "' removes it");
      }
      t.row(s.index(), s.name(), s.owner() + (ours ? " *" : ""), s.size(), status,
          s.flowRecords() < 0 ? "-" : s.flowRecords(),
          users.isEmpty() ? "-" : String.join(", ", users));
    }
    List<String> lines = new ArrayList<>(t.lines());
    if (anyOurs) {
      lines.add("* this manager (" + m.owner() + ")");
    }
    lines.addAll(notes);
    return lines;
  }

  private static List<String> tasks(List<TaskInfo> tasks, List<RuleSetInfo> sets, Manager m) {
    if (tasks.isEmpty()) {
      return List.of("no tasks: the meter runs no rule set");
    }
    TextTable t = new TextTable(">TASK", "CURRENT", "STANDBY", ">HWM", "RUNNING", "STATUS",
        "OWNER");
    boolean anyOurs = false;
    for (TaskInfo task : tasks) {
      boolean ours = m.ours(task.owner());
      anyOurs |= ours;
      String running;
      if (!task.active()) {
        running = "-";
      } else if (task.runningStandby()) {
        running = task.standbyRuleSet() == 0 ? "nothing (standby: none)"
            : "standby " + task.standbyRuleSet();
      } else {
        running = "current " + task.currentRuleSet();
      }
      t.row(task.index(), ruleSetText(task.currentRuleSet(), sets),
          ruleSetText(task.standbyRuleSet(), sets),
          task.highWaterMark() == 0 ? "-" : task.highWaterMark() + "%", running,
          RowStatusText.of(task.status()), task.owner() + (ours ? " *" : ""));
    }
    List<String> lines = new ArrayList<>(t.lines());
    if (anyOurs) {
      lines.add("* this manager (" + m.owner() + ")");
    }
    return lines;
  }

  private static String ruleSetText(int n, List<RuleSetInfo> sets) {
    if (n <= 0) {
      return "-";
    }
    for (RuleSetInfo s : sets) {
      if (s.index() == n) {
        return n + " " + s.name();
      }
    }
    return Integer.toString(n);
  }

  private static List<String> status(Manager m) throws ManagerException {
    MeterStatus s = m.status();
    List<String> l = new ArrayList<>();
    TextTable head = new TextTable("", "");
    head.row("uptime", uptime(s.upTime()));
    head.row("flows", s.activeFlows() + " active of " + s.maxFlows()
        + (s.maxFlows() > 0 ? " (" + (long) s.activeFlows() * PERCENT / s.maxFlows() + "%)"
            : ""));
    head.row("flood mark", s.floodMark() + "%");
    head.row("flood mode", s.floodMode()
        ? "ON: the meter passed its flood mark and recovers idle flows; 'clear-flood' ends it"
        : "off");
    head.row("inactivity timeout", s.inactivityTimeout() + " s");
    int active = 0;
    for (RuleSetInfo r : s.ruleSets()) {
      active += r.active() ? 1 : 0;
    }
    head.row("rule sets", s.ruleSets().size() + " (" + active + " active)");
    List<String> headLines = head.lines();
    l.addAll(headLines.subList(1, headLines.size()));
    l.add("tasks:");
    for (String line : tasks(s.tasks(), s.ruleSets(), m)) {
      l.add("  " + line);
    }
    l.add("readers:");
    if (s.readers().isEmpty()) {
      l.add("  none");
    } else {
      TextTable r = new TextTable(">READER", ">SET", "STATUS", ">TIMEOUT", "LAST COLLECTION",
          "OWNER");
      for (ReaderInfo reader : s.readers()) {
        r.row(reader.index(), reader.ruleSet() == 0 ? "-" : reader.ruleSet(),
            RowStatusText.of(reader.status()), reader.timeout() + " s",
            reader.lastTime() <= 0 ? "never"
                : ago(s.upTime(), reader.lastTime()), reader.owner());
      }
      r.lines().forEach(line -> l.add("  " + line));
    }
    l.add("interfaces:");
    if (s.interfaces().isEmpty()) {
      l.add("  none yet");
    } else {
      TextTable r = new TextTable(">IF", "SAMPLING", ">LOST PACKETS");
      for (InterfaceInfo i : s.interfaces()) {
        r.row(i.ifIndex(), i.sampleRate() == 0 ? "off (ignored)" : "1 in " + i.sampleRate(),
            i.lostPackets());
      }
      r.lines().forEach(line -> l.add("  " + line));
    }
    return l;
  }

  private static String ago(long now, long then) {
    long centis = (now - then) & 0xFFFF_FFFFL;
    return centis / CENTIS_PER_SECOND + " s ago";
  }

  /** Centiseconds as {@code [Nd ]hh:mm:ss.cc}. */
  static String uptime(long centis) {
    long s = centis / CENTIS_PER_SECOND;
    long days = s / SECONDS_PER_DAY;
    s %= SECONDS_PER_DAY;
    String hms = String.format(Locale.ROOT, "%02d:%02d:%02d.%02d", s / SECONDS_PER_HOUR,
        s / SECONDS_PER_MINUTE % SECONDS_PER_MINUTE, s % SECONDS_PER_MINUTE,
        centis % CENTIS_PER_SECOND);
    return days > 0 ? days + "d " + hms : hms;
  }

  private static List<String> set(Manager m, String what, int value)
      throws ManagerException {
    if (what.equals("inactivity-timeout")) {
      m.setInactivityTimeout(value);
      return List.of("inactivity timeout set to " + value + " s");
    }
    m.setFloodMark(value);
    return List.of("flood mark set to " + value + "%");
  }

  private static String join(List<Integer> l) {
    List<String> s = new ArrayList<>();
    for (int i : l) {
      s.add(Integer.toString(i));
    }
    return String.join(", ", s);
  }
}
