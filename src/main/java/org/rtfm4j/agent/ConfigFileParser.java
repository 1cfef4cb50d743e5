package org.rtfm4j.agent;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rtfm4j.agent.AccessControl.Access;
import org.rtfm4j.agent.AccessControl.AuthProtocol;
import org.rtfm4j.agent.AccessControl.Community;
import org.rtfm4j.agent.AccessControl.Group;
import org.rtfm4j.agent.AccessControl.Level;
import org.rtfm4j.agent.AccessControl.PrivProtocol;
import org.rtfm4j.agent.AccessControl.SecurityModel;
import org.rtfm4j.agent.AccessControl.Source;
import org.rtfm4j.agent.AccessControl.User;
import org.rtfm4j.agent.AccessControl.View;
import org.rtfm4j.agent.ConfigLine.Token;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * Reads one SNMP configuration file (see {@link AgentConfigFile}) line by line into an
 * {@link AccessControl}, collecting every problem with its line and column instead of stopping
 * at the first; used once.
 */
final class ConfigFileParser {
  /** RFC 3414 §11.2: passwords used with the Appendix A algorithm are at least 8 characters. */
  static final int MIN_PASSPHRASE_OCTETS = 8;
  /** SnmpAdminString (SIZE(1..32)) names in the VACM and USM tables (RFC 3415, RFC 3414). */
  static final int MAX_NAME_OCTETS = 32;
  /** DisplayString (SIZE(0..255)) for sysContact, sysName, sysLocation (RFC 3418). */
  static final int MAX_DISPLAY_OCTETS = 255;
  /** snmpCommunityName is OCTET STRING; 255 keeps it a sane one-line password. */
  static final int MAX_COMMUNITY_OCTETS = 255;

  /** Names rtfm4j derives (rocommunity@12) or uses itself (rtfm4jRead) must not clash. */
  private static final char DERIVED_NAME_MARK = '@';
  private static final String RESERVED_PREFIX = "rtfm4j";
  /** In access, rocommunity and rouser lines: no view at all. */
  private static final String NONE = "none";

  private static final List<String> DIRECTIVES = List.of("agentAddress", "sysContact", "sysName",
      "sysLocation", "view", "com2sec", "group", "access", "rocommunity", "rwcommunity",
      "createUser", "rouser", "rwuser", "allowInsecureProtocols");

  private record Problem(int line, int column, String message) {}

  /** A name used before or after its definition; checked when the whole file is read. */
  private record Reference(String name, int line, int column) {}

  /** A line's tokens and number. */
  private record Line(int number, String text, List<Token> tokens) {
    Token token(int i) {
      return tokens.get(i);
    }

    int size() {
      return tokens.size();
    }

    String directive() {
      return tokens.get(0).text();
    }

    /** The column just past the end of the line, for "missing ..." problems. */
    int endColumn() {
      return tokens.get(tokens.size() - 1).end() + 1;
    }
  }

  private final String name;
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private InetSocketAddress address;
  private String sysContact;
  private String sysName;
  private String sysLocation;
  private final List<View> views = new ArrayList<>();
  private final List<Community> communities = new ArrayList<>();
  private final List<Group> groups = new ArrayList<>();
  private final List<Access> accessEntries = new ArrayList<>();
  private final List<User> users = new ArrayList<>();
  private boolean allowInsecure;

  /** Where things were first defined, for "already defined at line N". */
  private final Map<String, Integer> definedAt = new HashMap<>();
  private final Set<String> viewNames = new HashSet<>();
  private final Set<String> groupNames = new HashSet<>();
  private final Map<String, Integer> userLines = new HashMap<>();
  private final List<Reference> viewRefs = new ArrayList<>();
  private final List<Reference> groupRefs = new ArrayList<>();
  private final List<Reference> userRefs = new ArrayList<>();
  /** MD5 and DES uses, judged once allowInsecureProtocols may have been seen. */
  private final List<Problem> insecureUses = new ArrayList<>();

  ConfigFileParser(String name) {
    this.name = name;
  }

  /** Every problem as FILE:LINE:COLUMN: reason, in file order; empty when the file is good. */
  List<String> problems() {
    List<Problem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    List<String> messages = new ArrayList<>();
    for (Problem p : sorted) {
      messages.add(name + ":" + p.line() + ":" + p.column() + ": " + p.message());
    }
    return messages;
  }

  List<String> warnings() {
    return warnings;
  }

  InetSocketAddress address() {
    return address;
  }

  String sysContact() {
    return sysContact;
  }

  String sysName() {
    return sysName;
  }

  String sysLocation() {
    return sysLocation;
  }

  AccessControl access() {
    return new AccessControl(views, communities, groups, accessEntries, users, allowInsecure);
  }

  void parse(String text) {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String[] lines = t.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r")
          ? lines[i].substring(0, lines[i].length() - 1)
          : lines[i];
      int number = i + 1;
      List<Token> tokens;
      try {
        tokens = ConfigLine.split(line);
      } catch (ConfigLine.SyntaxError e) {
        problem(number, e.column(), e.getMessage());
        continue;
      }
      if (!tokens.isEmpty()) {
        directive(new Line(number, line, tokens));
      }
    }
    finish();
  }

  private void directive(Line l) {
    switch (l.directive().toLowerCase(Locale.ROOT)) {
      case "agentaddress" -> agentAddress(l);
      case "syscontact" -> sysContact = system(l, sysContact);
      case "sysname" -> sysName = system(l, sysName);
      case "syslocation" -> sysLocation = system(l, sysLocation);
      case "view" -> view(l);
      case "com2sec" -> com2sec(l);
      case "group" -> group(l);
      case "access" -> access(l);
      case "rocommunity" -> community(l, false);
      case "rwcommunity" -> community(l, true);
      case "createuser" -> createUser(l);
      case "rouser" -> user(l, false);
      case "rwuser" -> user(l, true);
      case "allowinsecureprotocols" -> allowInsecure(l);
      default -> problem(l.number, 1, "unknown directive '" + l.directive()
          + "': rtfm4j reads " + String.join(", ", DIRECTIVES));
    }
  }

  // agentAddress [udp:|udp6:]HOST:PORT | [udp:]PORT
  private void agentAddress(Line l) {
    if (!arity(l, 1, 1, "agentAddress [udp:|udp6:]HOST:PORT")) {
      return;
    }
    Token a = l.token(1);
    if (!once(l, "agentAddress")) {
      return;
    }
    try {
      address = ConfigValues.agentAddress(a.text());
    } catch (IllegalArgumentException e) {
      problem(l.number, a.column(), e.getMessage());
      return;
    }
    if (address.getAddress().isAnyLocalAddress()) {
      warn(l.number, "agentAddress " + a.text() + " listens on every interface: RFC 2720 §5"
          + " asks that only managers and readers reach the meter");
    }
  }

  private String system(Line l, String previous) {
    String d = l.directive();
    if (l.size() < 2) {
      problem(l.number, l.endColumn(), d + " needs a value");
      return previous;
    }
    if (!once(l, d.toLowerCase(Locale.ROOT))) {
      return previous;
    }
    Token first = l.token(1);
    String value = l.size() == 2 && first.quoted()
        ? first.text()
        : l.text.substring(first.column() - 1, l.token(l.size() - 1).end());
    if (ConfigValues.octets(value) > MAX_DISPLAY_OCTETS) {
      problem(l.number, first.column(), d + " is longer than " + MAX_DISPLAY_OCTETS
          + " octets (RFC 3418 DisplayString)");
      return previous;
    }
    return value;
  }

  // view NAME included|excluded SUBTREE [MASK]
  private void view(Line l) {
    if (!arity(l, 3, 4, "view NAME included|excluded SUBTREE [MASK]")) {
      return;
    }
    Token nameToken = l.token(1);
    if (!adminName(l, nameToken, "view name")) {
      return;
    }
    if (nameToken.text().equalsIgnoreCase(NONE)) {
      problem(l.number, nameToken.column(), "'" + NONE
          + "' means no view in access lines: pick another name");
      return;
    }
    Token type = l.token(2);
    boolean included;
    switch (type.text().toLowerCase(Locale.ROOT)) {
      case "included" -> included = true;
      case "excluded" -> included = false;
      default -> {
        problem(l.number, type.column(), "'" + type.text()
            + "': say included or excluded");
        return;
      }
    }
    OID subtree = oid(l, l.token(3));
    if (subtree == null) {
      return;
    }
    OctetString mask = new OctetString();
    if (l.size() == 5) {
      mask = mask(l, l.token(4));
      if (mask == null) {
        return;
      }
    }
    String key = "view " + nameToken.text() + " " + subtree;
    if (!defineOnce(l, nameToken, key, "view " + nameToken.text() + " " + subtree)) {
      return;
    }
    viewNames.add(nameToken.text());
    views.add(new View(nameToken.text(), subtree, mask, included));
  }

  // com2sec [-Cn ""] SECNAME SOURCE COMMUNITY
  private void com2sec(Line l) {
    int i = 1;
    if (l.size() > 1 && l.token(1).text().startsWith("-") && !l.token(1).quoted()) {
      if (!l.token(1).text().equals("-Cn")) {
        problem(l.number, l.token(1).column(), "unknown option '" + l.token(1).text()
            + "': com2sec takes only -Cn \"\"");
        return;
      }
      if (l.size() < 3 || !defaultContext(l, l.token(2))) {
        if (l.size() < 3) {
          problem(l.number, l.endColumn(), "-Cn needs a context name");
        }
        return;
      }
      i = 3;
    }
    if (l.size() - i != 3) {
      problem(l.number, l.size() - i < 3 ? l.endColumn() : l.token(i + 3).column(),
          "usage: com2sec [-Cn \"\"] SECNAME SOURCE COMMUNITY");
      return;
    }
    Token sec = l.token(i);
    if (!adminName(l, sec, "security name")) {
      return;
    }
    Source source;
    if (!sourceOk(l, l.token(i + 1))) {
      return;
    }
    source = ConfigValues.source(l.token(i + 1).text());
    addCommunity(l, l.token(i + 2), sec.text(), source, l.token(i + 1));
  }

  // group GROUP v1|v2c|usm SECNAME
  private void group(Line l) {
    if (!arity(l, 3, 3, "group GROUP v1|v2c|usm SECNAME")) {
      return;
    }
    Token g = l.token(1);
    Token model = l.token(2);
    Token sec = l.token(3);
    if (!adminName(l, g, "group name") || !adminName(l, sec, "security name")) {
      return;
    }
    SecurityModel m = model(l, model, false);
    if (m == null) {
      return;
    }
    addGroup(l, sec, g.text(), m, sec.text());
  }

  // access GROUP CONTEXT any|v1|v2c|usm LEVEL exact|prefix READ WRITE NOTIFY
  private void access(Line l) {
    if (!arity(l, 8, 8, "access GROUP CONTEXT MODEL LEVEL PREFIX READ WRITE NOTIFY")) {
      return;
    }
    Token g = l.token(1);
    if (!adminName(l, g, "group name") || !defaultContext(l, l.token(2))) {
      return;
    }
    SecurityModel m = model(l, l.token(3), true);
    Level level = level(l, l.token(4));
    Token prefix = l.token(5);
    Boolean prefixMatch = switch (prefix.text().toLowerCase(Locale.ROOT)) {
      case "exact" -> false;
      case "prefix" -> true;
      default -> null;
    };
    if (prefixMatch == null) {
      problem(l.number, prefix.column(), "'" + prefix.text() + "': say exact or prefix");
    }
    String read = viewRef(l, l.token(6));
    String write = viewRef(l, l.token(7));
    String notify = viewRef(l, l.token(8));
    if (m == null || level == null || prefixMatch == null || read == null || write == null
        || notify == null) {
      return;
    }
    if ((m == SecurityModel.V1 || m == SecurityModel.V2C) && level != Level.NO_AUTH) {
      warn(l.number, "communities are always noauth: this " + l.directive()
          + " line for " + m.name().toLowerCase(Locale.ROOT) + " at " + l.token(4).text()
          + " never matches");
    }
    String key = "access " + g.text() + " " + m + " " + level;
    if (!defineOnce(l, g, key, "access for group " + g.text() + ", model "
        + l.token(3).text() + ", level " + l.token(4).text())) {
      return;
    }
    groupRefs.add(new Reference(g.text(), l.number, g.column()));
    accessEntries.add(new Access(g.text(), AccessControl.DEFAULT_CONTEXT, m, level,
        prefixMatch, read, write, notify));
  }

  // rocommunity|rwcommunity COMMUNITY [SOURCE [OID | -V VIEW [CONTEXT]]]
  private void community(Line l, boolean write) {
    String usage = l.directive() + " COMMUNITY [SOURCE [OID | -V VIEW [CONTEXT]]]";
    if (!arity(l, 1, 5, usage)) {
      return;
    }
    Token sourceToken = l.size() > 2 ? l.token(2) : null;
    if (sourceToken != null && !sourceOk(l, sourceToken)) {
      return;
    }
    String derived = derivedName(l);
    String view = derivedView(l, 3, derived, usage);
    if (view == null) {
      return;
    }
    int before = problems.size();
    addCommunity(l, l.token(1), derived,
        sourceToken == null ? null : ConfigValues.source(sourceToken.text()), sourceToken);
    if (problems.size() != before) {
      return;
    }
    groups.add(new Group(derived, SecurityModel.V1, derived));
    groups.add(new Group(derived, SecurityModel.V2C, derived));
    groupNames.add(derived);
    accessEntries.add(new Access(derived, AccessControl.DEFAULT_CONTEXT, SecurityModel.ANY,
        Level.NO_AUTH, false, view, write ? view : AccessControl.NO_VIEW,
        AccessControl.NO_VIEW));
  }

  // rouser|rwuser [-s usm] USER [noauth|auth|priv [OID | -V VIEW [CONTEXT]]]
  private void user(Line l, boolean write) {
    String usage = l.directive() + " [-s usm] USER [noauth|auth|priv [OID | -V VIEW [CONTEXT]]]";
    int i = 1;
    if (l.size() > 1 && l.token(1).text().startsWith("-") && !l.token(1).quoted()) {
      if (!l.token(1).text().equals("-s")) {
        problem(l.number, l.token(1).column(), "unknown option '" + l.token(1).text()
            + "': usage: " + usage);
        return;
      }
      if (l.size() < 3 || !l.token(2).text().equalsIgnoreCase("usm")) {
        problem(l.number, l.size() < 3 ? l.endColumn() : l.token(2).column(),
            "-s: only the usm security model has users here");
        return;
      }
      i = 3;
    }
    if (l.size() <= i || l.size() > i + 5) {
      problem(l.number, l.size() <= i ? l.endColumn() : l.token(i + 5).column(),
          "usage: " + usage);
      return;
    }
    Token userToken = l.token(i);
    if (!adminName(l, userToken, "user name")) {
      return;
    }
    // net-snmp's default for rouser and rwuser: authenticated, not necessarily encrypted.
    Level level = Level.AUTH;
    if (l.size() > i + 1) {
      level = level(l, l.token(i + 1));
      if (level == null) {
        return;
      }
    }
    String derived = derivedName(l);
    String view = derivedView(l, i + 2, derived, usage);
    if (view == null) {
      return;
    }
    int before = problems.size();
    addGroup(l, userToken, derived, SecurityModel.USM, userToken.text());
    if (problems.size() != before) {
      return;
    }
    accessEntries.add(new Access(derived, AccessControl.DEFAULT_CONTEXT, SecurityModel.USM,
        level, false, view, write ? view : AccessControl.NO_VIEW, AccessControl.NO_VIEW));
  }

  // createUser NAME SHA|SHA-224|SHA-256|SHA-384|SHA-512|MD5 PASS [AES|AES-192|AES-256|DES [PASS]]
  private void createUser(Line l) {
    String usage = "createUser NAME SHA|SHA-224|SHA-256|SHA-384|SHA-512 AUTHPASS"
        + " [AES|AES-192|AES-256 [PRIVPASS]]";
    if (l.size() > 1 && l.token(1).text().startsWith("-") && !l.token(1).quoted()) {
      problem(l.number, l.token(1).column(), "option " + l.token(1).text()
          + " is not supported: keys are localized to the agent's own engine ID at every start"
          + " (RFC 3414 §2.6); give passphrases");
      return;
    }
    if (l.size() < 4 || l.size() > 6) {
      problem(l.number, l.size() < 4 ? l.endColumn() : l.token(6).column(),
          (l.size() == 2 ? "an SNMPv3 user without authentication is no safer than a community;"
              + " " : "") + "usage: " + usage);
      return;
    }
    Token userToken = l.token(1);
    if (!adminName(l, userToken, "user name")) {
      return;
    }
    // Known even when the rest of the line is refused, so rouser lines do not also complain.
    Integer first = userLines.putIfAbsent(userToken.text(), l.number);
    if (first != null) {
      problem(l.number, userToken.column(), "user " + userToken.text()
          + " is already created at line " + first);
      return;
    }
    Token authToken = l.token(2);
    AuthProtocol auth = UsmProtocols.authProtocol(authToken.text());
    if (auth == null) {
      problem(l.number, authToken.column(), "unknown authentication protocol '"
          + authToken.text() + "': say SHA, SHA-224, SHA-256, SHA-384 or SHA-512");
    }
    Token authPass = l.token(3);
    boolean ok = auth != null && passphrase(l, authPass, "authentication");
    PrivProtocol priv = null;
    String privPass = null;
    if (l.size() > 4) {
      Token privToken = l.token(4);
      priv = UsmProtocols.privProtocol(privToken.text());
      if (priv == null) {
        problem(l.number, privToken.column(), "unknown privacy protocol '"
            + privToken.text() + "': say AES, AES-192 or AES-256");
        ok = false;
      } else if (priv.insecure()) {
        insecureUses.add(new Problem(l.number, privToken.column(), "createUser "
            + userToken.text() + ": DES is refused: its 56-bit key falls to exhaustive"
            + " search; use AES, or say 'allowInsecureProtocols yes'"));
      }
      if (l.size() == 6) {
        ok &= passphrase(l, l.token(5), "privacy");
        privPass = l.token(5).text();
      } else {
        // net-snmp: without a privacy passphrase the authentication one is used.
        privPass = authPass.text();
        warn(l.number, "createUser " + userToken.text() + " uses one passphrase for"
            + " authentication and privacy: RFC 3414 §11.2 calls that very poor practice");
      }
    }
    if (auth != null && auth.insecure()) {
      insecureUses.add(new Problem(l.number, authToken.column(), "createUser "
          + userToken.text() + ": MD5 is refused: it is broken (RFC 6151); use SHA-256 or"
          + " better, or say 'allowInsecureProtocols yes'"));
    }
    if (ok) {
      users.add(new User(userToken.text(), auth, authPass.text(), priv, privPass));
    }
  }

  private void allowInsecure(Line l) {
    if (!arity(l, 1, 1, "allowInsecureProtocols yes|no") || !once(l, "allowInsecureProtocols")) {
      return;
    }
    Token v = l.token(1);
    switch (v.text().toLowerCase(Locale.ROOT)) {
      case "yes" -> allowInsecure = true;
      case "no" -> allowInsecure = false;
      default -> problem(l.number, v.column(), "'" + v.text() + "': say yes or no");
    }
  }

  /** Whole-file checks: names used are defined, users exist, MD5/DES allowed. */
  private void finish() {
    for (Reference r : viewRefs) {
      if (!viewNames.contains(r.name)) {
        problem(r.line, r.column, "no view line defines view '" + r.name + "'");
      }
    }
    for (Reference r : groupRefs) {
      if (!groupNames.contains(r.name)) {
        problem(r.line, r.column, "no group line puts anyone in group '" + r.name + "'");
      }
    }
    for (Reference r : userRefs) {
      if (!userLines.containsKey(r.name)) {
        problem(r.line, r.column, "no createUser line for user '" + r.name + "'");
      }
    }
    if (!allowInsecure) {
      problems.addAll(insecureUses);
    }
    Set<String> withAccess = new HashSet<>();
    for (Access a : accessEntries) {
      withAccess.add(a.group());
    }
    for (Group g : groups) {
      if (!withAccess.contains(g.group()) && withAccess.add(g.group())) {
        warnings.add(name + ": group " + g.group() + " has no access line: its members"
            + " can do nothing");
      }
    }
    if (communities.isEmpty() && users.isEmpty()) {
      warnings.add(name + ": defines no community and no user: only --rw-community, if"
          + " given, reaches the agent");
    }
  }

  // ---- pieces shared by several directives

  private void addCommunity(Line l, Token c, String securityName, Source source,
      Token sourceToken) {
    if (c.text().isEmpty() || ConfigValues.octets(c.text()) > MAX_COMMUNITY_OCTETS) {
      problem(l.number, c.column(), "a community is 1.." + MAX_COMMUNITY_OCTETS + " octets");
      return;
    }
    String key = "community " + c.text() + " " + source;
    Integer first = definedAt.putIfAbsent(key, l.number);
    if (first != null) {
      problem(l.number, sourceToken == null ? c.column() : sourceToken.column(),
          "this community from this source is already mapped at line " + first
              + " (the first match wins, RFC 3584 §5.2.1): this line could never be used");
      return;
    }
    communities.add(new Community(c.text(), securityName, source));
  }

  private void addGroup(Line l, Token at, String group, SecurityModel m, String securityName) {
    String key = "member " + m + " " + securityName;
    Integer first = definedAt.putIfAbsent(key, l.number);
    if (first != null) {
      problem(l.number, at.column(), securityName + " (" + m.name().toLowerCase(Locale.ROOT)
          + ") is already in a group at line " + first
          + ": VACM maps a security name to one group (RFC 3415 §4)");
      return;
    }
    if (m == SecurityModel.USM) {
      userRefs.add(new Reference(securityName, l.number, at.column()));
    }
    groupNames.add(group);
    groups.add(new Group(group, m, securityName));
  }

  /**
   * The view of a rocommunity/rouser line from token {@code i} on: OID (a view of its own),
   * -V VIEW, or nothing (the whole tree), then an optional CONTEXT that must be "".
   */
  private String derivedView(Line l, int i, String derived, String usage) {
    if (l.size() <= i) {
      views.add(new View(derived, new OID("1"), new OctetString(), true));
      viewNames.add(derived);
      return derived;
    }
    Token t = l.token(i);
    String view;
    int next;
    if (t.text().equals("-V") && !t.quoted()) {
      if (l.size() <= i + 1) {
        problem(l.number, l.endColumn(), "-V needs a view name");
        return null;
      }
      view = viewRef(l, l.token(i + 1));
      next = i + 2;
    } else {
      OID subtree = oid(l, t);
      if (subtree == null) {
        return null;
      }
      views.add(new View(derived, subtree, new OctetString(), true));
      viewNames.add(derived);
      view = derived;
      next = i + 1;
    }
    if (view == null) {
      return null;
    }
    if (l.size() > next + 1) {
      problem(l.number, l.token(next + 1).column(), "usage: " + usage);
      return null;
    }
    if (l.size() == next + 1 && !defaultContext(l, l.token(next))) {
      return null;
    }
    return view;
  }

  /** rocommunity@12: security name, group and view of a shorthand line. */
  private static String derivedName(Line l) {
    return l.directive().toLowerCase(Locale.ROOT) + DERIVED_NAME_MARK + l.number;
  }

  private String viewRef(Line l, Token t) {
    if (t.text().equalsIgnoreCase(NONE)) {
      return AccessControl.NO_VIEW;
    }
    if (!adminName(l, t, "view name")) {
      return null;
    }
    viewRefs.add(new Reference(t.text(), l.number, t.column()));
    return t.text();
  }

  private boolean defaultContext(Line l, Token t) {
    if (!t.text().isEmpty()) {
      problem(l.number, t.column(), "context '" + t.text()
          + "': this agent serves only the default context, write \"\"");
      return false;
    }
    return true;
  }

  private SecurityModel model(Line l, Token t, boolean anyAllowed) {
    switch (t.text().toLowerCase(Locale.ROOT)) {
      case "v1":
        return SecurityModel.V1;
      case "v2c":
        return SecurityModel.V2C;
      case "usm":
        return SecurityModel.USM;
      case "any":
        if (anyAllowed) {
          return SecurityModel.ANY;
        }
        break;
      default:
        break;
    }
    problem(l.number, t.column(), "security model '" + t.text() + "': say "
        + (anyAllowed ? "any, " : "") + "v1, v2c or usm");
    return null;
  }

  private Level level(Line l, Token t) {
    switch (t.text().toLowerCase(Locale.ROOT)) {
      case "noauth", "noauthnopriv":
        return Level.NO_AUTH;
      case "auth", "authnopriv":
        return Level.AUTH;
      case "priv", "authpriv":
        return Level.PRIV;
      default:
        problem(l.number, t.column(), "security level '" + t.text()
            + "': say noauth, auth or priv");
        return null;
    }
  }

  private boolean passphrase(Line l, Token t, String what) {
    if (ConfigValues.octets(t.text()) < MIN_PASSPHRASE_OCTETS) {
      problem(l.number, t.column(), "the " + what + " passphrase is shorter than "
          + MIN_PASSPHRASE_OCTETS + " characters (RFC 3414 §11.2)");
      return false;
    }
    return true;
  }

  private OID oid(Line l, Token t) {
    try {
      return MibNames.parse(t.text());
    } catch (IllegalArgumentException e) {
      problem(l.number, t.column(), e.getMessage());
      return null;
    }
  }

  private OctetString mask(Line l, Token t) {
    try {
      return ConfigValues.viewMask(t.text());
    } catch (IllegalArgumentException e) {
      problem(l.number, t.column(), e.getMessage());
      return null;
    }
  }

  private boolean sourceOk(Line l, Token t) {
    try {
      ConfigValues.source(t.text());
      return true;
    } catch (IllegalArgumentException e) {
      problem(l.number, t.column(), e.getMessage());
      return false;
    }
  }

  private boolean adminName(Line l, Token t, String what) {
    String s = t.text();
    if (s.isEmpty() || ConfigValues.octets(s) > MAX_NAME_OCTETS) {
      problem(l.number, t.column(), what + " '" + s + "' is not 1.." + MAX_NAME_OCTETS
          + " octets (SnmpAdminString, RFC 3411)");
      return false;
    }
    if (s.indexOf(DERIVED_NAME_MARK) >= 0
        || s.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
      problem(l.number, t.column(), what + " '" + s + "': names with '" + DERIVED_NAME_MARK
          + "' or starting with '" + RESERVED_PREFIX + "' are reserved for names rtfm4j"
          + " makes itself");
      return false;
    }
    return true;
  }

  private boolean arity(Line l, int min, int max, String usage) {
    int args = l.size() - 1;
    if (args < min) {
      problem(l.number, l.endColumn(), "missing argument: usage: " + usage);
      return false;
    }
    if (args > max) {
      problem(l.number, l.token(max + 1).column(), "too many arguments: usage: " + usage);
      return false;
    }
    return true;
  }

  /** A directive that may appear once; the second one is a problem. */
  private boolean once(Line l, String directive) {
    return defineOnce(l, l.token(0), directive.toLowerCase(Locale.ROOT), directive);
  }

  private boolean defineOnce(Line l, Token at, String key, String what) {
    Integer first = definedAt.putIfAbsent(key, l.number);
    if (first != null) {
      problem(l.number, at.column(), what + " is already given at line " + first);
      return false;
    }
    return true;
  }

  private void problem(int line, int column, String message) {
    problems.add(new Problem(line, column, message));
  }

  private void warn(int line, String message) {
    warnings.add(name + ":" + line + ": " + message);
  }
}
