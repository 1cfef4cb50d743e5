package org.rtfm4j.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The path-sensitive part of {@link RuleSetChecker}: runs the Packet Matching Engine (RFC 2722
 * §4.4) on a symbolic packet, following every path through the rule set and keeping, for each,
 * the conditions its tests put on the packet ({@code attribute & mask == value} where a test
 * succeeded, {@code !=} where it failed). A path whose conditions no packet meets is dropped.
 *
 * <p>The packet is modelled as the match key the meter builds: interface, adjacent type, peer
 * type and transport type (one value each, whatever the direction: the meter reads the same value
 * for the Source and Dest attribute), and the source and destination adjacent addresses, peer
 * addresses and transport addresses, each free. MatchingStoD is 1 when matching S->D and 0
 * reversed; SourceClass..FlowKind hold the value last saved for them (0 at first); subscriber
 * and session IDs are 0. Masks and values are compared bit by bit, so an attribute may be
 * constrained by several masks at once.
 *
 * <p>Two findings come from the paths:
 *
 * <ul>
 *   <li>rules that no packet reaches, though the rule graph leads to them: every path there
 *       needs contradictory test results;
 *   <li>RFC 2722 §4.3's inconsistent rule set: a packet P is counted, when matched S->D, in a
 *       flow from A to B (its key holds an address of each end: a Source and a Dest adjacent,
 *       peer or transport address), and P's reply (sources and destinations interchanged)
 *       reaches an Ignore when matched S->D. The meter then never tries the reply the other way
 *       round (only NoMatch leads to match(D->S)), so the reverse packets of the A-B flow are
 *       dropped instead of counted. Flows keyed on one end only, or on no address (RFC 2722
 *       §3.3's buckets of packets "sourced by" a host), count one direction on purpose and are
 *       left alone. The check is exact for the model: the warning gives such a packet, found by
 *       solving both paths' conditions together.
 * </ul>
 *
 * <p>The number of paths can grow exponentially; the walk stops after a fixed amount of work and
 * then reports nothing (it never guesses).
 */
final class PathWalk {
  /** Rules executed over all paths before the walk gives up. */
  private static final int STEP_BUDGET = 400_000;
  /** Work spent solving conditions before the walk gives up. */
  private static final int SOLVE_BUDGET = 4_000_000;
  /** Counting and ignoring paths compared for §4.3 before the walk gives up. */
  private static final int PAIR_BUDGET = 200_000;
  private static final int RETURN_STACK_DEPTH = 64;
  /** v1..v5 (RFC 2722 §4.4). */
  private static final int METER_VARIABLES = 5;
  private static final int BITS = 64;
  private static final int SOURCE_END = 1;
  private static final int DEST_END = 2;

  // Packet variables of the match key.
  private static final int INTERFACE = 0;
  private static final int ADJACENT_TYPE = 1;
  private static final int SOURCE_ADJACENT = 2;
  private static final int DEST_ADJACENT = 3;
  private static final int PEER_TYPE = 4;
  // PeerType values: address family numbers (RFC 2722 Appendix C).
  private static final int IPV4 = 1;
  private static final int IPV6 = 2;
  private static final int SOURCE_PEER = 5;
  private static final int DEST_PEER = 6;
  private static final int TRANS_TYPE = 7;
  private static final int SOURCE_TRANS = 8;
  private static final int DEST_TRANS = 9;
  private static final int VARIABLES = 10;
  /** Words kept per variable by {@link Conditions}: fixed mask hi, lo, value hi, lo. */
  private static final int FIXED_WORDS = 4;
  /** The variable each one becomes in the reply (sources and destinations interchanged). */
  private static final int[] SWAP = {0, 1, 3, 2, 4, 6, 5, 7, 9, 8};
  /** How each variable is named in messages. */
  private static final Attribute[] NAMES = {Attribute.SOURCE_INTERFACE,
      Attribute.SOURCE_ADJACENT_TYPE, Attribute.SOURCE_ADJACENT_ADDRESS,
      Attribute.DEST_ADJACENT_ADDRESS, Attribute.SOURCE_PEER_TYPE, Attribute.SOURCE_PEER_ADDRESS,
      Attribute.DEST_PEER_ADDRESS, Attribute.SOURCE_TRANS_TYPE, Attribute.SOURCE_TRANS_ADDRESS,
      Attribute.DEST_TRANS_ADDRESS};

  private final List<Rule> rules;
  private final int n;
  private final boolean[] reached;
  private int steps;
  private int solveWork;
  private boolean gaveUp;
  private final List<Terminal> counted = new ArrayList<>();
  /** Some counting path keeps no packet value of one of the peer addresses. */
  private boolean keysWithoutAddresses;
  /** Address bits every counting path keeps of both peer addresses (see shardMasks()). */
  private long shard4 = -1L << Integer.SIZE;
  private long shard6Hi = -1L;
  private long shard6Lo = -1L;
  private final List<Terminal> ignored = new ArrayList<>();

  /** Where a path ended, and what it needs of the packet. */
  private record Terminal(int rule, Conditions conditions) {}

  PathWalk(List<Rule> rules) {
    this.rules = rules;
    this.n = rules.size();
    this.reached = new boolean[n + 1];
  }

  /** Runs both matching directions; false when the walk gave up (too many paths). */
  boolean run() {
    walk(true);
    walk(false);
    return !gaveUp;
  }

  /** True when some packet reaches rule {@code i} (valid after {@link #run()} returned true). */
  boolean reached(int i) {
    return reached[i];
  }

  /**
   * For each Ignore rule that drops replies to counted packets: the rule and a message naming
   * the counting rule and an example packet. Empty when the walk gave up.
   */
  List<RuleSetChecker.Finding> inconsistencies() {
    List<RuleSetChecker.Finding> out = new ArrayList<>();
    if (gaveUp) {
      return out;
    }
    boolean[] reported = new boolean[n + 1];
    int pairs = 0;
    for (Terminal ignore : ignored) {
      if (reported[ignore.rule()]) {
        continue;
      }
      for (Terminal count : counted) {
        if (++pairs > PAIR_BUDGET) {
          return List.of();
        }
        Conditions both = count.conditions().and(ignore.conditions().swapped(), this);
        if (both == null) {
          continue;
        }
        long[][] packet = both.example(this);
        if (gaveUp) {
          return List.of();
        }
        reported[ignore.rule()] = true;
        out.add(new RuleSetChecker.Finding(ignore.rule(), RuleSetChecker.Field.ACTION, false,
            message(count, ignore, packet)));
        break;
      }
    }
    return out;
  }

  private static String message(Terminal count, Terminal ignore, long[][] packet) {
    List<Integer> shown = new ArrayList<>();
    for (int v = 0; v < VARIABLES; v++) {
      if (count.conditions().constrains(v) || ignore.conditions().constrains(SWAP[v])) {
        shown.add(v);
      }
    }
    StringBuilder p = new StringBuilder();
    StringBuilder r = new StringBuilder();
    for (int v : shown) {
      p.append(p.length() == 0 ? "" : ", ").append(NAMES[v].rfcName()).append(' ')
          .append(text(NAMES[v], packet[v]));
    }
    for (int u = 0; u < VARIABLES; u++) { // the reply's variable u holds the packet's SWAP[u]
      if (shown.contains(SWAP[u])) {
        r.append(r.length() == 0 ? "" : ", ").append(NAMES[u].rfcName()).append(' ')
            .append(text(NAMES[u], packet[SWAP[u]]));
      }
    }
    return "this Ignore drops replies to packets counted at rule " + count.rule()
        + ": a packet with " + (shown.isEmpty() ? "any attributes" : p) + " is counted there,"
        + " but its reply" + (shown.isEmpty() ? "" : " (" + r + ")") + " is ignored here"
        + " instead of being counted in the reverse counters of the same flow (RFC 2722 §4.3"
        + " calls such a rule set inconsistent: classify flows in the forward direction and let"
        + " the meter retry the reverse)";
  }

  /** A value as rule files write it: dotted quad or IPv6 for peers, hex for MACs, else decimal. */
  private static String text(Attribute a, long[] v) {
    byte[] b = bytes(v, a.width());
    switch (a) {
      case SOURCE_PEER_ADDRESS:
      case DEST_PEER_ADDRESS:
        return ValueSyntax.fitsIpv4(b) ? ValueSyntax.dottedQuad(b) : Ipv6Text.format(b);
      case SOURCE_ADJACENT_ADDRESS:
      case DEST_ADJACENT_ADDRESS:
        return ValueSyntax.hexFields(b);
      default:
        return ValueSyntax.wholeNumber(b);
    }
  }

  private static byte[] bytes(long[] v, int width) {
    byte[] b = new byte[width];
    for (int i = 0; i < width; i++) {
      long word = i < Long.BYTES ? v[0] : v[1];
      b[i] = (byte) (word >>> (BITS - Byte.SIZE * (1 + i % Long.BYTES)));
    }
    return b;
  }

  // ------------------------------------------------------------------ the walk

  /** Saved values, newest first (the pattern queue, as far as later tests can see it). */
  private record Saved(int attribute, long value, boolean known, long maskHi, long maskLo,
      Saved older) {}

  /** Gosub rules still to return to, innermost first. */
  private record Caller(int rule, int depth, Caller outer) {}

  /** One path in progress. */
  private record State(int pc, boolean test, Caller callers, int[] variables, Saved saved,
      Conditions conditions) {}

  private void walk(boolean stoD) {
    Deque<State> work = new ArrayDeque<>();
    work.push(new State(1, true, null, new int[METER_VARIABLES], null, Conditions.NONE));
    while (!work.isEmpty() && !gaveUp) {
      run(work.pop(), stoD, work);
    }
  }

  /** Follows one path to its end, leaving the other side of each branch on {@code work}. */
  private void run(State s, boolean stoD, Deque<State> work) {
    int pc = s.pc();
    boolean test = s.test();
    Caller callers = s.callers();
    int[] vars = s.variables();
    Saved saved = s.saved();
    Conditions c = s.conditions();
    while (true) {
      if (++steps > STEP_BUDGET || solveWork > SOLVE_BUDGET) { // also ends looping paths
        gaveUp = true;
        return;
      }
      // A path that loops uses up the budget: the walk then gives up rather than guess.
      if (pc < 1 || pc > n) {
        return; // past the last rule (NoMatch) or out of range (the meter stops with an error)
      }
      reached[pc] = true;
      Rule r = rules.get(pc - 1);
      int attr = resolve(r.attribute().number(), vars);
      long[] m = words(r.mask());
      long[] v = words(r.value());
      if (test && attr != Attribute.NULL.number()) {
        int var = variable(attr);
        if (var < 0) {
          long known = constant(attr, stoD, saved);
          if ((known & m[0]) != v[0] || v[1] != 0) {
            pc++;
            continue;
          }
        } else {
          Conditions yes = c.with(var, m, v, true, this);
          Conditions no = c.with(var, m, v, false, this);
          if (yes == null && no == null) {
            return;
          }
          if (yes == null) {
            c = no;
            pc++;
            continue;
          }
          if (no != null) {
            work.push(new State(pc + 1, true, callers, vars, saved, no));
          }
          c = yes;
        }
      }
      Action a = r.action();
      switch (a) {
        case IGNORE:
          if (stoD) {
            ignored.add(new Terminal(pc, c));
          }
          return;
        case COUNT:
        case COUNT_PKT:
          if (stoD && namesBothEnds(attr, saved)) {
            counted.add(new Terminal(pc, c));
          }
          // Count saves its own value (Count: the rule's, CountPkt: the packet's) last.
          keepShardMasks(new Saved(attr, v[0], a == Action.COUNT || variable(attr) < 0, m[0], m[1],
              saved), c);
          return;
        case NO_MATCH:
          return;
        case RETURN:
          if (callers == null) {
            return; // the meter stops with an error
          }
          pc = callers.rule() + r.parameter();
          callers = callers.outer();
          test = false;
          continue;
        case GOSUB:
        case GOSUB_ACT:
          int depth = callers == null ? 1 : callers.depth() + 1;
          if (depth > RETURN_STACK_DEPTH) {
            return;
          }
          callers = new Caller(pc, depth, callers);
          break;
        case ASSIGN:
        case ASSIGN_ACT:
          if (r.attribute().isMeterVariable()) {
            vars = vars.clone();
            Attribute held = Attribute.byNumber(r.value()[0] & 0xff);
            vars[r.attribute().number() - Attribute.V1.number()] =
                held != null && held.testable() && !held.isMeterVariable() ? held.number() : 0;
          }
          break;
        case PUSH_RULE_TO:
        case PUSH_RULE_TO_ACT:
          saved = new Saved(attr, v[0], true, m[0], m[1], saved);
          break;
        case PUSH_PKT_TO:
        case PUSH_PKT_TO_ACT:
          boolean known = variable(attr) < 0;
          saved = new Saved(attr, known ? constant(attr, stoD, saved) & m[0] : 0, known, m[0], m[1],
              saved);
          break;
        case POP_TO:
        case POP_TO_ACT:
          saved = saved == null ? null : saved.older();
          break;
        default:
          break; // Goto, GotoAct
      }
      test = a.testFlag();
      pc = r.parameter();
    }
  }

  /**
   * The address masks a meter may spread packets over threads by (after {@link #run()}): the
   * address bits that every counting path, in either matching direction, saves from the packet
   * for both SourcePeerAddress and DestPeerAddress, as {IPv4 (high 32 bits), IPv6 high word, IPv6
   * low word}. Two packets of one flow then agree on those bits of their two addresses, whichever
   * way round. Null when some counting path keeps a peer address from the rule rather than the
   * packet, or none, or when the walk gave up.
   */
  long[] shardMasks() {
    if (gaveUp || keysWithoutAddresses) {
      return null;
    }
    return new long[] {shard4, shard6Hi, shard6Lo};
  }

  private void keepShardMasks(Saved key, Conditions c) {
    Saved source = newest(key, Attribute.SOURCE_PEER_ADDRESS.number());
    Saved dest = newest(key, Attribute.DEST_PEER_ADDRESS.number());
    if (source == null || dest == null || source.known() || dest.known()) {
      keysWithoutAddresses = true;
      return;
    }
    long hi = source.maskHi() & dest.maskHi();
    long lo = source.maskLo() & dest.maskLo();
    int peerType = c.fixedByte(PEER_TYPE);
    if (peerType != IPV6) {
      shard4 &= hi;
    }
    if (peerType != IPV4) {
      shard6Hi &= hi;
      shard6Lo &= lo;
    }
  }

  private static Saved newest(Saved saved, int attribute) {
    for (Saved x = saved; x != null; x = x.older()) {
      if (x.attribute() == attribute) {
        return x;
      }
    }
    return null;
  }

  /** True when the key Count builds holds a Source and a Dest address (the flow's two ends). */
  private static boolean namesBothEnds(int countAttr, Saved saved) {
    int ends = end(countAttr);
    for (Saved x = saved; x != null; x = x.older()) {
      ends |= end(x.attribute());
    }
    return ends == (SOURCE_END | DEST_END);
  }

  /** Which end an adjacent, peer or transport address describes; 0 for other attributes. */
  private static int end(int attr) {
    if (attr == Attribute.SOURCE_ADJACENT_ADDRESS.number()
        || attr == Attribute.SOURCE_PEER_ADDRESS.number()
        || attr == Attribute.SOURCE_TRANS_ADDRESS.number()) {
      return SOURCE_END;
    }
    if (attr == Attribute.DEST_ADJACENT_ADDRESS.number()
        || attr == Attribute.DEST_PEER_ADDRESS.number()
        || attr == Attribute.DEST_TRANS_ADDRESS.number()) {
      return DEST_END;
    }
    return 0;
  }

  /** A meter variable stands for the attribute assigned to it (RFC 2722 §4.4). */
  private static int resolve(int attr, int[] vars) {
    if (attr >= Attribute.V1.number() && attr <= Attribute.V5.number()) {
      int held = vars[attr - Attribute.V1.number()];
      return held == 0 ? attr : held;
    }
    return attr;
  }

  /** The packet variable an attribute reads, or -1 when its value is known on the path. */
  private static int variable(int attr) {
    switch (attr) {
      case 4: // SourceInterface
      case 14: // DestInterface
        return INTERFACE;
      case 5:
      case 15:
        return ADJACENT_TYPE;
      case 6:
        return SOURCE_ADJACENT;
      case 16:
        return DEST_ADJACENT;
      case 8:
      case 18:
        return PEER_TYPE;
      case 9:
        return SOURCE_PEER;
      case 19:
        return DEST_PEER;
      case 11:
      case 21:
        return TRANS_TYPE;
      case 12:
        return SOURCE_TRANS;
      case 22:
        return DEST_TRANS;
      default:
        return -1;
    }
  }

  /** First word of a known attribute: MatchingStoD, a computed attribute, or 0. */
  private static long constant(int attr, boolean stoD, Saved saved) {
    if (attr == Attribute.MATCHING_STOD.number()) {
      return stoD ? 1L << (BITS - Byte.SIZE) : 0;
    }
    Attribute a = Attribute.byNumber(attr);
    if (a != null && a.isComputed()) {
      for (Saved x = saved; x != null; x = x.older()) {
        if (x.attribute() == attr) {
          return x.value();
        }
      }
    }
    return 0;
  }

  /** Bytes, left-aligned, as two words (16 bytes at most: RFC 2723 Appendix C). */
  private static long[] words(byte[] b) {
    long[] w = new long[2];
    for (int i = 0; i < b.length && i < 2 * Long.BYTES; i++) {
      w[i / Long.BYTES] |= (long) (b[i] & 0xff) << (BITS - Byte.SIZE * (1 + i % Long.BYTES));
    }
    return w;
  }

  // ------------------------------------------------------------------ conditions

  /** A condition {@code (x & mask) != value} on one variable; a list, newest first. */
  private record Differs(long maskHi, long maskLo, long valueHi, long valueLo, Differs next) {}

  /**
   * What a path needs of the packet: per variable, bits fixed by successful tests and a list of
   * masked values it must differ from. Immutable; {@code with} and {@code and} return null when
   * no packet can meet the result.
   */
  static final class Conditions {
    static final Conditions NONE = new Conditions(new long[FIXED_WORDS * VARIABLES],
        new Differs[VARIABLES]);

    /** Per variable: fixed mask hi, lo, fixed value hi, lo ({@link #FIXED_WORDS} words). */
    private final long[] fixed;
    private final Differs[] differs;

    private Conditions(long[] fixed, Differs[] differs) {
      this.fixed = fixed;
      this.differs = differs;
    }

    /** The value of a one-byte variable when the conditions fix all its bits, else -1. */
    int fixedByte(int var) {
      int k = FIXED_WORDS * var;
      long top = 0xFFL << (BITS - Byte.SIZE);
      if ((fixed[k] & top) != top) {
        return -1;
      }
      return (int) (fixed[k + 2] >>> (BITS - Byte.SIZE));
    }

    boolean constrains(int var) {
      int k = FIXED_WORDS * var;
      return fixed[k] != 0 || fixed[k + 1] != 0 || differs[var] != null;
    }

    /** These conditions and {@code (x & m) == v} (or {@code !=}) on variable {@code var}. */
    Conditions with(int var, long[] m, long[] v, boolean equal, PathWalk w) {
      long[] f = fixed.clone();
      Differs[] d = differs.clone();
      if (equal) {
        if ((v[0] & ~m[0]) != 0 || (v[1] & ~m[1]) != 0 || !fix(f, var, m[0], m[1], v[0], v[1])) {
          return null;
        }
      } else {
        if ((v[0] & ~m[0]) != 0 || (v[1] & ~m[1]) != 0) {
          return this; // the value has bits outside the mask: the test always fails
        }
        d[var] = new Differs(m[0], m[1], v[0], v[1], d[var]);
      }
      Conditions c = new Conditions(f, d);
      return c.solvable(var, w) ? c : null;
    }

    /** Both sets of conditions together, or null when no packet meets them. */
    Conditions and(Conditions o, PathWalk w) {
      long[] f = fixed.clone();
      Differs[] d = differs.clone();
      for (int var = 0; var < VARIABLES; var++) {
        int k = FIXED_WORDS * var;
        if (!fix(f, var, o.fixed[k], o.fixed[k + 1], o.fixed[k + 2], o.fixed[k + 3])) {
          return null;
        }
        for (Differs x = o.differs[var]; x != null; x = x.next()) {
          d[var] = new Differs(x.maskHi(), x.maskLo(), x.valueHi(), x.valueLo(), d[var]);
        }
      }
      Conditions c = new Conditions(f, d);
      for (int var = 0; var < VARIABLES; var++) {
        if (!c.solvable(var, w)) {
          return null;
        }
      }
      return c;
    }

    /** The conditions on the reply: sources and destinations interchanged. */
    Conditions swapped() {
      long[] f = new long[fixed.length];
      Differs[] d = new Differs[VARIABLES];
      for (int var = 0; var < VARIABLES; var++) {
        System.arraycopy(fixed, FIXED_WORDS * var, f, FIXED_WORDS * SWAP[var], FIXED_WORDS);
        d[SWAP[var]] = differs[var];
      }
      return new Conditions(f, d);
    }

    /** A packet meeting the conditions: per variable, its value as two words. */
    long[][] example(PathWalk w) {
      long[][] out = new long[VARIABLES][];
      for (int var = 0; var < VARIABLES; var++) {
        long[] value = new long[2];
        int k = FIXED_WORDS * var;
        search(fixed[k], fixed[k + 1], fixed[k + 2], fixed[k + 3], differs[var], w, value);
        out[var] = value;
      }
      return out;
    }

    private static boolean fix(long[] f, int var, long mHi, long mLo, long vHi, long vLo) {
      int k = FIXED_WORDS * var;
      vHi &= mHi;
      vLo &= mLo;
      long bothHi = f[k] & mHi;
      long bothLo = f[k + 1] & mLo;
      if (((f[k + 2] ^ vHi) & bothHi) != 0 || ((f[k + 3] ^ vLo) & bothLo) != 0) {
        return false; // a bit fixed both ways
      }
      f[k] |= mHi;
      f[k + 1] |= mLo;
      f[k + 2] |= vHi;
      f[k + 3] |= vLo;
      return true;
    }

    private boolean solvable(int var, PathWalk w) {
      int k = FIXED_WORDS * var;
      return search(fixed[k], fixed[k + 1], fixed[k + 2], fixed[k + 3], differs[var], w, null);
    }

    /**
     * True when some x has the fixed bits and differs from every masked value in {@code d};
     * such an x (free bits zero) goes to {@code out} when it is not null. Splits on one free
     * bit of the first condition not yet met: the value of that bit that meets it first.
     */
    private static boolean search(long fHi, long fLo, long vHi, long vLo, Differs d,
        PathWalk w, long[] out) {
      for (Differs x = d; x != null; x = x.next()) {
        if (++w.solveWork > SOLVE_BUDGET) {
          w.gaveUp = true;
          return true;
        }
        if (((x.valueHi() ^ vHi) & x.maskHi() & fHi) != 0
            || ((x.valueLo() ^ vLo) & x.maskLo() & fLo) != 0) {
          continue; // already differs on a fixed bit
        }
        long freeHi = x.maskHi() & ~fHi;
        long freeLo = x.maskLo() & ~fLo;
        if (freeHi == 0 && freeLo == 0) {
          return false; // every bit it looks at is fixed to its value
        }
        long bitHi = Long.lowestOneBit(freeHi);
        long bitLo = bitHi != 0 ? 0 : Long.lowestOneBit(freeLo);
        long otherHi = ~x.valueHi() & bitHi;
        long otherLo = ~x.valueLo() & bitLo;
        // The conditions before x already differ on a fixed bit, and fixed bits stay fixed.
        if (search(fHi | bitHi, fLo | bitLo, vHi | otherHi, vLo | otherLo, x.next(), w, out)) {
          return true;
        }
        return search(fHi | bitHi, fLo | bitLo, vHi | (x.valueHi() & bitHi),
            vLo | (x.valueLo() & bitLo), d, w, out);
      }
      if (out != null) {
        out[0] = vHi;
        out[1] = vLo;
      }
      return true;
    }
  }
}
