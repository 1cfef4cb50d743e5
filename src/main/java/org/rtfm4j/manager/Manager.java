package org.rtfm4j.manager;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.rules.RuleRow;
import org.rtfm4j.rules.RuleRows;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.rules.RuleSetChecker;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.VariableBinding;

/**
 * An RTFM manager (RFC 2722 §3) acting on one meter through its Meter MIB control tables (RFC
 * 2720): downloads rule sets and runs them as tasks, stops and deletes them, and sets the
 * meter's flow table controls. Every refusal comes back as a {@link ManagerException} that says
 * what was asked, why the meter refused, and in what state the meter was left.
 *
 * <p>Rows this manager creates carry its owner string (flowRuleInfoOwner, flowManagerOwner), so a
 * restarted manager finds its own rule sets; rows of other owners are changed only when forced.
 */
public final class Manager {
  /**
   * Rules per SET while downloading (5 varbinds each). Measured against rtfm meter's agent on
   * loopback (2000 rules, written and read back): 1 per SET 0.46 s, 5 0.16 s, 10 0.12-0.14 s,
   * 20-100 0.11-0.17 s. Beyond 10 nothing is gained that noise does not hide, and requests stay
   * small. A meter that answers tooBig gets half as many, down to one.
   */
  public static final int DEFAULT_RULES_PER_REQUEST = 10;
  /**
   * Varbind octets per download SET: with the message header a request stays inside one
   * 1500-octet Ethernet frame, so no IP fragment of it can get lost on the way to a meter.
   */
  static final int MAX_REQUEST_OCTETS = 1300;
  /** UTF8OwnerString and flowRuleInfoName are at most 127 octets (RFC 2720). */
  public static final int MAX_TEXT_OCTETS = 127;
  /** Another manager may take a free number between our look and our create: try again. */
  private static final int CREATE_ATTEMPTS = 3;
  private static final int PERCENT = 100;

  /** Told after every batch of rules written (tests interrupt a download with it). */
  @FunctionalInterface
  public interface LoadProgress {
    void rulesWritten(int ruleSet, int written, int total) throws ManagerException;
  }

  private final MeterClient client;
  private final MeterTables tables;
  private final String owner;
  private final PendingRuleSets pending;
  private int rulesPerRequest = DEFAULT_RULES_PER_REQUEST;
  private LoadProgress progress = (n, written, total) -> { };

  /**
   * @param owner this manager's owner string (at most 127 octets of UTF-8)
   * @param pending where loads register rule sets not yet complete (an interrupted manager
   *     destroys them); shared by all meters of one command
   */
  public Manager(MeterClient client, String owner, PendingRuleSets pending) {
    this.client = Objects.requireNonNull(client, "client");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.pending = Objects.requireNonNull(pending, "pending");
    if (owner.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_OCTETS) {
      throw new IllegalArgumentException("an owner string is at most " + MAX_TEXT_OCTETS
          + " octets (RFC 2720 UTF8OwnerString)");
    }
    this.tables = new MeterTables(client);
  }

  /** {@code rtfm4j-manager USER@HOST}, like NeMaC's user@host owner strings. */
  public static String defaultOwner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
    }
    String s = "rtfm4j-manager " + System.getProperty("user.name", "unknown") + "@" + host;
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length <= MAX_TEXT_OCTETS ? s
        : new String(Arrays.copyOf(b, MAX_TEXT_OCTETS), StandardCharsets.UTF_8).strip();
  }

  public String owner() {
    return owner;
  }

  /** True when {@code rowOwner} is this manager's owner string. */
  public boolean ours(String rowOwner) {
    return owner.equals(rowOwner);
  }

  /** The meter's control tables, read-only. */
  public MeterTables tables() {
    return tables;
  }

  /** Rules per download request (1..); halved by itself when a meter answers tooBig. */
  public void setRulesPerRequest(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("at least one rule per request");
    }
    rulesPerRequest = n;
  }

  public int rulesPerRequest() {
    return rulesPerRequest;
  }

  public void setProgress(LoadProgress progress) {
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * True for a rule set this manager left half-written: its owner, not active. This manager
   * never leaves one of its rule sets inactive on purpose, so only an interrupted load (a
   * manager killed, a meter that stopped answering) leaves one.
   */
  public boolean halfWritten(RuleSetInfo r) {
    return ours(r.owner()) && !r.active();
  }

  // ---------------------------------------------------------------- reading

  public List<RuleSetInfo> ruleSets() throws ManagerException {
    try {
      return tables.ruleSets();
    } catch (MeterException e) {
      throw failed("cannot read the rule sets", e);
    }
  }

  public List<TaskInfo> tasks() throws ManagerException {
    try {
      return tables.tasks();
    } catch (MeterException e) {
      throw failed("cannot read the tasks", e);
    }
  }

  public MeterStatus status() throws ManagerException {
    try {
      return tables.status();
    } catch (MeterException e) {
      throw failed("cannot read the meter's status", e);
    }
  }

  /**
   * Rule set {@code n} as the meter holds it: its name and rules (RFC 2720 carries no FORMAT or
   * STATISTICS, so the result has none).
   */
  public RuleSet ruleSet(int n) throws ManagerException {
    try {
      RuleSetInfo info = existing(n, tables.ruleSets());
      List<RuleRow> rows = tables.rules(n, info.size(), rulesPerRequest);
      for (int i = 0; i < rows.size(); i++) {
        if (rows.get(i) == null) {
          throw new ManagerException("rule set " + n + " is incomplete: rule " + (i + 1)
              + " has columns nobody wrote" + (halfWritten(info)
                  ? " (this manager left it half-written; 'cleanup' removes it)" : ""));
        }
      }
      RuleRows.Result r = RuleRows.toRules(rows);
      if (!r.ok()) {
        throw new ManagerException("rule set " + n + " holds rows that are not rules: "
            + join(r.problems()));
      }
      return new RuleSet(n, info.name(), r.rules(), List.of(), false);
    } catch (MeterException e) {
      throw failed("cannot read rule set " + n, e);
    }
  }

  // ---------------------------------------------------------------- load

  /**
   * Validates {@code ruleSet}, downloads it as RFC 2720 describes (flowRuleInfoStatus
   * createAndWait with its Owner, Name and Size in the same request; the rules in batched SETs;
   * every rule read back and compared; active), then makes task {@code request.task()} run it.
   * Any failure after the rule set was created destroys it again; tasks are changed in one last
   * request that either happens whole or not at all, so what was running keeps running.
   */
  public LoadResult load(RuleSet ruleSet, LoadRequest request) throws ManagerException {
    String name = request.name() != null ? request.name() : ruleSet.name();
    List<String> warnings = checkLocally(ruleSet, request, name);
    List<RuleRow> rows = RuleRows.fromRuleSet(ruleSet);

    List<RuleSetInfo> sets;
    List<TaskInfo> tasks;
    try {
      sets = tables.ruleSets();
      tasks = tables.tasks();
    } catch (MeterException e) {
      throw failed("rule set '" + name + "' not loaded: cannot read the meter's control tables",
          e);
    }
    List<String> notes = new ArrayList<>();
    List<RuleSetInfo> old = new ArrayList<>();
    for (RuleSetInfo s : sets) {
      if (halfWritten(s)) {
        notes.add("rule set " + s.index() + " ('" + s.name() + "') was left half-written by an"
            + " interrupted load of this manager; 'cleanup' or 'delete " + s.index()
            + "' removes it");
      } else if (ours(s.owner()) && s.name().equals(name)) {
        old.add(s);
      }
    }
    checkReplace(name, request, old, tasks);
    Map<Integer, TaskInfo> byIndex = new TreeMap<>();
    for (TaskInfo t : tasks) {
      byIndex.put(t.index(), t);
    }
    checkTaskRequest(request, sets, byIndex);

    int n = create(ruleSet, request, name, rows.size(), sets);
    List<VariableBinding> switches = new ArrayList<>();
    if (request.task() > 0) {
      switches.addAll(taskBindings(request.task(), n, request.standby(),
          request.highWaterMark(), byIndex.get(request.task())));
    }
    for (RuleSetInfo o : old) {
      switches.addAll(repoint(o.index(), n, tasks, request.task()));
    }
    String switching = request.task() > 0 ? "starting task " + request.task() + " with it"
        : "switching tasks to it";
    download(n, name, rows, switches, switching);

    List<Integer> replaced = new ArrayList<>();
    for (RuleSetInfo o : old) {
      try {
        setRuleSetStatus(o.index(), FlowMib.DESTROY);
        replaced.add(o.index());
      } catch (MeterException e) {
        notes.add("the old rule set " + o.index() + " could not be deleted: "
            + Explanations.of(e));
      }
    }
    return new LoadResult(n, name, rows.size(), request.task(), replaced, warnings, notes);
  }

  /** The checks that need no meter; returns RuleSetChecker's warnings. */
  private static List<String> checkLocally(RuleSet ruleSet, LoadRequest request, String name)
      throws ManagerException {
    List<String> warnings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (RuleSetChecker.Finding f : RuleSetChecker.check(ruleSet)) {
      (f.error() ? errors : warnings).add(f.toString());
    }
    if (!errors.isEmpty()) {
      throw new ManagerException("rule set '" + name + "' not loaded: " + String.join("; ",
          errors));
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_OCTETS) {
      throw new ManagerException("the name '" + name + "' is longer than " + MAX_TEXT_OCTETS
          + " octets (RFC 2720 flowRuleInfoName)");
    }
    if (request.highWaterMark() > PERCENT) {
      throw new ManagerException("a high-water mark is a percentage of flowMaxFlows, 0..100: "
          + request.highWaterMark());
    }
    RuleRows.Result back = RuleRows.toRules(RuleRows.fromRuleSet(ruleSet));
    if (!back.ok() || !back.rules().equals(ruleSet.rules())) {
      throw new ManagerException("rule set '" + name + "' cannot travel through the Meter MIB"
          + " unchanged: " + (back.ok() ? "its rules change on the way" : join(back.problems())));
    }
    return warnings;
  }

  /** Same name: refused unless --replace; replacing never switches another's task unforced. */
  private void checkReplace(String name, LoadRequest request, List<RuleSetInfo> old,
      List<TaskInfo> tasks) throws ManagerException {
    if (!old.isEmpty() && !request.replace()) {
      RuleSetInfo o = old.get(0);
      throw new ManagerException("rule set '" + name + "' not loaded: this manager already has it"
          + " as rule set " + o.index() + usedByText(o.index(), tasks) + "; add --replace to"
          + " load the new version and switch its tasks over, or --name to load it under"
          + " another name");
    }
    for (RuleSetInfo o : old) {
      for (TaskInfo t : usersOf(o.index(), tasks)) {
        if (!ours(t.owner()) && !request.force() && t.index() != request.task()) {
          throw new ManagerException("rule set '" + name + "' not loaded: the rule set it"
              + " replaces (" + o.index() + ") is also used by task " + t.index() + " of '"
              + t.owner() + "'; add --force to switch that task too");
        }
      }
    }
  }

  /**
   * Writes, verifies and activates the created rule set {@code n}, then sends {@code switches}
   * (the task changes) in one SET; on any failure destroys {@code n} and says what happened.
   */
  private void download(int n, String name, List<RuleRow> rows,
      List<VariableBinding> switches, String switching) throws ManagerException {
    String step = "writing its rules";
    boolean complete = false;
    try {
      write(n, rows);
      step = "reading it back";
      verify(n, name, rows);
      step = "activating it";
      abandonedCheck();
      setRuleSetStatus(n, FlowMib.ACTIVE);
      abandonedCheck();
      if (!switches.isEmpty()) {
        step = switching;
        try {
          client.set(switches);
        } catch (MeterException e) {
          // The SET is all or nothing; a lost answer (or a resent request refused because the
          // first copy did it) leaves it done: then the load is complete.
          if (!inUse(n)) {
            throw e;
          }
        }
      }
      complete = true;
    } catch (MeterException e) {
      String why = Explanations.of(e);
      if (step.equals("activating it")
          && Explanations.inconsistent(e)) {
        why = "the meter refused to run it: its rules are not a valid rule set for that meter"
            + " (the meter's log says why)" + Explanations.raw(e);
      }
      throw new ManagerException("rule set '" + name + "' not loaded: " + step + " as rule set "
          + n + " failed: " + why + "; " + removeHalfWritten(n), e);
    } catch (ManagerException e) {
      throw new ManagerException("rule set '" + name + "' not loaded: " + e.getMessage() + "; "
          + removeHalfWritten(n), e);
    } finally {
      if (complete) {
        pending.remove(client.meter(), n);
      }
    }
  }

  /** Refuses a task request that cannot work, before anything is created. */
  private void checkTaskRequest(LoadRequest request, List<RuleSetInfo> sets,
      Map<Integer, TaskInfo> tasks) throws ManagerException {
    int standby = request.standby();
    if (standby > 0) {
      RuleSetInfo s = find(standby, sets);
      if (s == null || !s.active()) {
        throw new ManagerException("the standby rule set " + standby + (s == null
            ? " does not exist on the meter" : " is not active") + "; load it first");
      }
    }
    if (request.task() < 0) {
      throw new ManagerException("task numbers are 1..2147483647: " + request.task());
    }
    if (request.task() > 0) {
      TaskInfo t = tasks.get(request.task());
      if (t != null && !ours(t.owner()) && !request.force()) {
        throw new ManagerException("task " + t.index() + " belongs to '" + t.owner()
            + "', not to this manager ('" + owner + "'); add --force to change it anyway");
      }
    }
  }

  /** Creates the row with Owner, Name and Size in one SET; returns its number. */
  private int create(RuleSet ruleSet, LoadRequest request, String name, int size,
      List<RuleSetInfo> sets) throws ManagerException {
    TreeSet<Integer> taken = new TreeSet<>();
    for (RuleSetInfo s : sets) {
      taken.add(s.index());
    }
    for (int attempt = 1; ; attempt++) {
      int n = number(ruleSet, request, sets, taken);
      abandonedCheck();
      try {
        client.set(List.of(
            status(FlowMib.RULE_SET_INFO_ENTRY, FlowMib.RULE_INFO_STATUS, n,
                FlowMib.CREATE_AND_WAIT),
            new VariableBinding(ruleInfo(FlowMib.RULE_INFO_OWNER, n), text(owner)),
            new VariableBinding(ruleInfo(FlowMib.RULE_INFO_NAME, n), text(name)),
            new VariableBinding(ruleInfo(FlowMib.RULE_INFO_SIZE, n), new Integer32(size))));
      } catch (MeterException e) {
        boolean exists = Explanations.inconsistent(e)
            && FlowMib.columnOf(e.failedObject(), FlowMib.RULE_SET_INFO_ENTRY)
                == FlowMib.RULE_INFO_STATUS;
        if (exists && resentCreate(n, name, size)) {
          // Our own request arrived twice (its answer was lost and it was resent): the row
          // is the one it created.
          if (!pending.add(client.meter(), n)) {
            throw new ManagerException("rule set '" + name + "' not loaded: interrupted; "
                + removeHalfWritten(n));
          }
          return n;
        }
        if (exists && request.ruleSet() == 0 && attempt < CREATE_ATTEMPTS) {
          taken.add(n); // another manager created it since we looked
          continue;
        }
        throw new ManagerException("rule set '" + name + "' not loaded: creating it as rule set "
            + n + " failed: " + (exists ? "another manager created rule set " + n
                + " meanwhile" + Explanations.raw(e) : Explanations.of(e))
            + "; nothing was changed", e);
      }
      if (!pending.add(client.meter(), n)) {
        throw new ManagerException("rule set '" + name + "' not loaded: interrupted; "
            + removeHalfWritten(n));
      }
      return n;
    }
  }

  /** --set N, else the rule file's SET number if free, else the lowest free number from 2. */
  private static int number(RuleSet ruleSet, LoadRequest request, List<RuleSetInfo> sets,
      TreeSet<Integer> taken) throws ManagerException {
    int want = request.ruleSet();
    if (want != 0) {
      if (want == FlowMib.BUILTIN_RULE_SET) {
        throw new ManagerException("rule set 1 is the meter's built-in rule set; load into"
            + " 2.." + FlowMib.MAX_RULE_SET);
      }
      if (want < 2 || want > FlowMib.MAX_RULE_SET) {
        throw new ManagerException("rule set numbers are 2.." + FlowMib.MAX_RULE_SET
            + " (RFC 2720 flowDataRuleSet): " + want);
      }
      RuleSetInfo s = find(want, sets);
      if (s != null || taken.contains(want)) {
        throw new ManagerException("rule set " + want + " exists already"
            + (s == null ? "" : " ('" + s.name() + "', owner '" + s.owner() + "', "
                + RowStatusText.of(s.status()) + ")")
            + "; choose another --set, or delete it first");
      }
      return want;
    }
    int own = ruleSet.number();
    if (own >= 2 && own <= FlowMib.MAX_RULE_SET && !taken.contains(own)) {
      return own;
    }
    for (int i = 2; i <= FlowMib.MAX_RULE_SET; i++) {
      if (!taken.contains(i)) {
        return i;
      }
    }
    throw new ManagerException("the meter has no free rule set number: 2.."
        + FlowMib.MAX_RULE_SET + " are all in use");
  }

  /**
   * Writes the rules, at most {@link #rulesPerRequest} and {@link #MAX_REQUEST_OCTETS} per SET
   * (at least one rule each); fewer when the meter says tooBig.
   */
  private void write(int n, List<RuleRow> rows) throws MeterException, ManagerException {
    int i = 0;
    while (i < rows.size()) {
      abandonedCheck();
      List<VariableBinding> vbs = new ArrayList<>();
      int octets = 0;
      int k = 0;
      while (i + k < rows.size() && k < rulesPerRequest) {
        List<VariableBinding> rule = ruleBindings(n, i + k + 1, rows.get(i + k));
        int size = 0;
        for (VariableBinding vb : rule) {
          size += vb.getBERLength();
        }
        if (k > 0 && octets + size > MAX_REQUEST_OCTETS) {
          break;
        }
        vbs.addAll(rule);
        octets += size;
        k++;
      }
      try {
        client.set(vbs);
      } catch (MeterException e) {
        if (Explanations.is(e, SnmpConstants.SNMP_ERROR_TOO_BIG) && k > 1) {
          rulesPerRequest = Math.max(1, k / 2);
          continue;
        }
        throw e;
      }
      i += k;
      progress.rulesWritten(n, i, rows.size());
    }
  }

  /** The five flowRuleTable cells of one rule. */
  static List<VariableBinding> ruleBindings(int n, int rule, RuleRow r) {
    return List.of(
        new VariableBinding(FlowMib.cell(FlowMib.RULE_ENTRY, FlowMib.RULE_SELECTOR, n, rule),
            new Integer32(r.selector())),
        new VariableBinding(FlowMib.cell(FlowMib.RULE_ENTRY, FlowMib.RULE_MASK, n, rule),
            new OctetString(r.mask())),
        new VariableBinding(FlowMib.cell(FlowMib.RULE_ENTRY, FlowMib.RULE_MATCHED_VALUE, n,
            rule), new OctetString(r.value())),
        new VariableBinding(FlowMib.cell(FlowMib.RULE_ENTRY, FlowMib.RULE_ACTION, n, rule),
            new Integer32(r.action())),
        new VariableBinding(FlowMib.cell(FlowMib.RULE_ENTRY, FlowMib.RULE_PARAMETER, n, rule),
            new Integer32(r.parameter())));
  }

  /** Reads the row and every rule back and compares them with what was written. */
  private void verify(int n, String name, List<RuleRow> rows)
      throws MeterException, ManagerException {
    abandonedCheck();
    List<VariableBinding> info = client.get(List.of(ruleInfo(FlowMib.RULE_INFO_SIZE, n),
        ruleInfo(FlowMib.RULE_INFO_NAME, n), ruleInfo(FlowMib.RULE_INFO_OWNER, n)));
    String size = info.get(0).getVariable().toString();
    if (!size.equals(Integer.toString(rows.size()))
        || !info.get(1).getVariable().equals(text(name))
        || !info.get(2).getVariable().equals(text(owner))) {
      throw new ManagerException("rule set " + n + " reads back as size " + size + ", name "
          + info.get(1).getVariable() + ", owner " + info.get(2).getVariable()
          + " (another manager changed it?)");
    }
    List<RuleRow> got = tables.rules(n, rows.size(), rulesPerRequest);
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).equals(got.get(i))) {
        throw new ManagerException("rule " + (i + 1) + " of rule set " + n + " reads back as "
            + (got.get(i) == null ? "incomplete" : got.get(i)) + ", not as written ("
            + rows.get(i) + ")");
      }
    }
  }

  /**
   * True when row {@code n} is exactly what our createAndWait makes: our owner, this name and
   * size, not ready. (A meter answering a resent createAndWait says inconsistentValue: the row
   * exists, made by the first copy.)
   */
  private boolean resentCreate(int n, String name, int size) {
    try {
      List<VariableBinding> v = client.get(List.of(ruleInfo(FlowMib.RULE_INFO_STATUS, n),
          ruleInfo(FlowMib.RULE_INFO_OWNER, n), ruleInfo(FlowMib.RULE_INFO_NAME, n),
          ruleInfo(FlowMib.RULE_INFO_SIZE, n)));
      return v.get(0).getVariable().toString().equals(Integer.toString(FlowMib.NOT_READY))
          && v.get(1).getVariable().equals(text(owner))
          && v.get(2).getVariable().equals(text(name))
          && v.get(3).getVariable().toString().equals(Integer.toString(size));
    } catch (MeterException e) {
      return false;
    }
  }

  /** True when a task names rule set {@code n} (false when the meter cannot tell us). */
  private boolean inUse(int n) {
    try {
      return !usersOf(n, tables.tasks()).isEmpty();
    } catch (MeterException e) {
      return false;
    }
  }

  /**
   * Destroys rule set {@code n} after a failed load; says what became of it. Nothing else was
   * changed: tasks change only in the last request of a load.
   */
  private String removeHalfWritten(int n) {
    try {
      if (!pending.abandoned()) {
        setRuleSetStatus(n, FlowMib.DESTROY);
      }
      pending.remove(client.meter(), n);
      return "rule set " + n + " was removed again and nothing else changed";
    } catch (MeterException e) {
      pending.remove(client.meter(), n);
      return "rule set " + n + " could not be removed (" + Explanations.of(e) + ") and is left"
          + " half-written on the meter; 'cleanup' removes it when the meter answers again."
          + " Nothing else changed";
    }
  }

  private void abandonedCheck() throws ManagerException {
    if (pending.abandoned()) {
      throw new ManagerException("interrupted");
    }
  }

  // ---------------------------------------------------------------- tasks

  /**
   * Makes task {@code task} run active rule set {@code ruleSet}: creates it (createAndGo, with
   * this manager as owner) or changes the existing one, in one SET.
   *
   * @param standby StandbyRuleSet, or -1 to keep the task's
   * @param highWaterMark HighWaterMark in percent, or -1 to keep the task's
   */
  public void run(int ruleSet, int task, int standby, int highWaterMark, boolean force)
      throws ManagerException {
    if (task < 1) {
      throw new ManagerException("say which task runs it: --task T (1..2147483647)");
    }
    if (highWaterMark > PERCENT) {
      throw new ManagerException("a high-water mark is a percentage of flowMaxFlows, 0..100: "
          + highWaterMark);
    }
    List<RuleSetInfo> sets = ruleSets();
    RuleSetInfo s = existing(ruleSet, sets);
    if (!s.active()) {
      throw new ManagerException("rule set " + ruleSet + " is not active ("
          + RowStatusText.of(s.status()) + "); a task can only run an active rule set");
    }
    Map<Integer, TaskInfo> byIndex = new TreeMap<>();
    for (TaskInfo t : tasks()) {
      byIndex.put(t.index(), t);
    }
    checkTaskRequest(new LoadRequest(0, null, task, standby, highWaterMark, false, force), sets,
        byIndex);
    try {
      client.set(taskBindings(task, ruleSet, standby, highWaterMark, byIndex.get(task)));
    } catch (MeterException e) {
      throw failed("task " + task + " not changed", e);
    }
  }

  /** The SET that makes {@code task} (null: none yet) run {@code ruleSet}. */
  private List<VariableBinding> taskBindings(int task, int ruleSet, int standby,
      int highWaterMark, TaskInfo existing) {
    List<VariableBinding> vbs = new ArrayList<>();
    vbs.add(new VariableBinding(taskCell(FlowMib.MANAGER_CURRENT_RULE_SET, task),
        new Integer32(ruleSet)));
    if (standby >= 0 || existing == null) {
      vbs.add(new VariableBinding(taskCell(FlowMib.MANAGER_STANDBY_RULE_SET, task),
          new Integer32(Math.max(0, standby))));
    }
    if (highWaterMark >= 0 || existing == null) {
      vbs.add(new VariableBinding(taskCell(FlowMib.MANAGER_HIGH_WATER_MARK, task),
          new Integer32(Math.max(0, highWaterMark))));
    }
    if (existing == null) {
      vbs.add(new VariableBinding(taskCell(FlowMib.MANAGER_OWNER, task), text(owner)));
      // createAndGo with every column in the same request: the task exists complete or not at
      // all (RFC 2579 allows createAndGo when the manager supplies every column it needs).
      vbs.add(status(FlowMib.MANAGER_INFO_ENTRY, FlowMib.MANAGER_STATUS, task,
          FlowMib.CREATE_AND_GO));
    } else if (!existing.active()) {
      vbs.add(status(FlowMib.MANAGER_INFO_ENTRY, FlowMib.MANAGER_STATUS, task, FlowMib.ACTIVE));
    }
    return vbs;
  }

  /** Bindings that point every task using {@code from} (except {@code skip}) at {@code to}. */
  private static List<VariableBinding> repoint(int from, int to, List<TaskInfo> tasks, int skip) {
    List<VariableBinding> vbs = new ArrayList<>();
    for (TaskInfo t : tasks) {
      if (t.index() == skip) {
        continue;
      }
      if (t.currentRuleSet() == from) {
        vbs.add(new VariableBinding(taskCell(FlowMib.MANAGER_CURRENT_RULE_SET, t.index()),
            new Integer32(to)));
      }
      if (t.standbyRuleSet() == from) {
        vbs.add(new VariableBinding(taskCell(FlowMib.MANAGER_STANDBY_RULE_SET, t.index()),
            new Integer32(to)));
      }
    }
    return vbs;
  }

  /** Stops task {@code task}: its row is destroyed, so its rule sets may be deleted. */
  public void stop(int task, boolean force) throws ManagerException {
    TaskInfo t = existingTask(task, force, "stop");
    try {
      client.set(List.of(status(FlowMib.MANAGER_INFO_ENTRY, FlowMib.MANAGER_STATUS, t.index(),
          FlowMib.DESTROY)));
    } catch (MeterException e) {
      throw failed("task " + task + " not stopped", e);
    }
  }

  /** flowManagerRunningStandby := false: task {@code task} runs its current rule set again. */
  public boolean resume(int task, boolean force) throws ManagerException {
    TaskInfo t = existingTask(task, force, "resume");
    try {
      client.set(List.of(new VariableBinding(
          taskCell(FlowMib.MANAGER_RUNNING_STANDBY, task), new Integer32(FlowMib.FALSE))));
    } catch (MeterException e) {
      throw failed("task " + task + " not resumed", e);
    }
    return t.runningStandby();
  }

  private TaskInfo existingTask(int task, boolean force, String verb) throws ManagerException {
    for (TaskInfo t : tasks()) {
      if (t.index() == task) {
        if (!ours(t.owner()) && !force) {
          throw new ManagerException("task " + task + " belongs to '" + t.owner()
              + "', not to this manager ('" + owner + "'); add --force to " + verb
              + " it anyway");
        }
        return t;
      }
    }
    throw new ManagerException("there is no task " + task + " on the meter");
  }

  // ---------------------------------------------------------------- delete, cleanup

  /**
   * Deletes rule set {@code n} and the flows the meter holds for it. The meter refuses while a
   * task names it (RFC 2720 flowRuleInfoStatus); the message then says which.
   */
  public void delete(int n, boolean force) throws ManagerException {
    if (n == FlowMib.BUILTIN_RULE_SET) {
      throw new ManagerException("rule set 1 is the meter's built-in rule set; nobody may"
          + " delete it (RFC 2722 §4.4)");
    }
    RuleSetInfo s = existing(n, ruleSets());
    if (!ours(s.owner()) && !force) {
      throw new ManagerException("rule set " + n + " ('" + s.name() + "') belongs to '"
          + s.owner() + "', not to this manager ('" + owner + "'); add --force to delete it"
          + " anyway");
    }
    try {
      setRuleSetStatus(n, FlowMib.DESTROY);
    } catch (MeterException e) {
      // RFC 2720 gives inconsistentValue for a rule set a task names (SNMPv1 sees badValue):
      // ask the meter which task.
      if (e.kind() == MeterException.Kind.ERROR_STATUS) {
        List<TaskInfo> users = usersOf(n, tasks());
        if (!users.isEmpty()) {
          throw new ManagerException("rule set " + n + " is used by " + taskList(users)
              + "; stop " + (users.size() == 1 ? "the task" : "them") + " first"
              + Explanations.raw(e), e);
        }
      }
      throw failed("rule set " + n + " not deleted", e);
    }
  }

  /** Deletes every rule set this manager left half-written; returns their numbers. */
  public List<Integer> cleanup() throws ManagerException {
    List<TaskInfo> tasks = tasks();
    List<Integer> done = new ArrayList<>();
    for (RuleSetInfo s : ruleSets()) {
      if (halfWritten(s) && usersOf(s.index(), tasks).isEmpty()) {
        try {
          setRuleSetStatus(s.index(), FlowMib.DESTROY);
          done.add(s.index());
        } catch (MeterException e) {
          throw failed("rule set " + s.index() + " not removed (removed before it: " + done
              + ")", e);
        }
      }
    }
    return done;
  }

  // ---------------------------------------------------------------- scalars

  /** flowInactivityTimeout, seconds. */
  public void setInactivityTimeout(int seconds) throws ManagerException {
    if (seconds < 0) {
      throw new ManagerException("the inactivity timeout is a number of seconds, 0 or more");
    }
    setScalar(FlowMib.INACTIVITY_TIMEOUT, seconds, "inactivity timeout not changed");
  }

  /** flowFloodMark, percent (0 or 100 disable flood mode, RFC 2720). */
  public void setFloodMark(int percent) throws ManagerException {
    if (percent < 0 || percent > PERCENT) {
      throw new ManagerException("the flood mark is a percentage of flowMaxFlows, 0..100: "
          + percent);
    }
    setScalar(FlowMib.FLOOD_MARK, percent, "flood mark not changed");
  }

  /** flowFloodMode := false: the meter leaves flood mode (RFC 2720). */
  public void clearFlood() throws ManagerException {
    setScalar(FlowMib.FLOOD_MODE, FlowMib.FALSE, "flood mode not cleared");
  }

  private void setScalar(OID oid, int value, String what) throws ManagerException {
    try {
      client.set(List.of(new VariableBinding(oid, new Integer32(value))));
    } catch (MeterException e) {
      throw failed(what, e);
    }
  }

  // ---------------------------------------------------------------- helpers

  private void setRuleSetStatus(int n, int status) throws MeterException {
    client.set(List.of(status(FlowMib.RULE_SET_INFO_ENTRY, FlowMib.RULE_INFO_STATUS, n,
        status)));
  }

  private static RuleSetInfo existing(int n, List<RuleSetInfo> sets) throws ManagerException {
    RuleSetInfo s = find(n, sets);
    if (s == null) {
      throw new ManagerException("there is no rule set " + n + " on the meter");
    }
    return s;
  }

  private static RuleSetInfo find(int n, List<RuleSetInfo> sets) {
    for (RuleSetInfo s : sets) {
      if (s.index() == n) {
        return s;
      }
    }
    return null;
  }

  /** The tasks naming rule set {@code n} as current or standby. */
  public static List<TaskInfo> usersOf(int n, List<TaskInfo> tasks) {
    List<TaskInfo> l = new ArrayList<>();
    for (TaskInfo t : tasks) {
      if (t.uses(n)) {
        l.add(t);
      }
    }
    return l;
  }

  private static String usedByText(int n, List<TaskInfo> tasks) {
    List<TaskInfo> users = usersOf(n, tasks);
    return users.isEmpty() ? "" : " (used by " + taskList(users) + ")";
  }

  /** "task 2", "tasks 2 and 3", "tasks 2, 3 and 4". */
  static String taskList(List<TaskInfo> tasks) {
    StringBuilder sb = new StringBuilder(tasks.size() == 1 ? "task " : "tasks ");
    for (int i = 0; i < tasks.size(); i++) {
      if (i > 0) {
        sb.append(i == tasks.size() - 1 ? " and " : ", ");
      }
      sb.append(tasks.get(i).index());
    }
    return sb.toString();
  }

  private static ManagerException failed(String what, MeterException e) {
    return new ManagerException(what + ": " + Explanations.of(e), e);
  }

  private static String join(List<RuleSetChecker.Finding> findings) {
    List<String> l = new ArrayList<>();
    for (RuleSetChecker.Finding f : findings) {
      l.add(f.toString());
    }
    return String.join("; ", l);
  }

  private static OID ruleInfo(int column, int n) {
    return FlowMib.cell(FlowMib.RULE_SET_INFO_ENTRY, column, n);
  }

  private static OID taskCell(int column, int task) {
    return FlowMib.cell(FlowMib.MANAGER_INFO_ENTRY, column, task);
  }

  private static VariableBinding status(OID entry, int column, int row, int value) {
    return new VariableBinding(FlowMib.cell(entry, column, row), new Integer32(value));
  }

  private static OctetString text(String s) {
    return new OctetString(s.getBytes(StandardCharsets.UTF_8));
  }
}
