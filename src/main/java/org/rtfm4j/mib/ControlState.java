package org.rtfm4j.mib;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Everything the control tables hold at one moment: rule sets with their rules, readers and tasks,
 * by index. Immutable; a SET prepares a changed copy and its commit publishes it whole, so a GET
 * sees a state from before or after a SET, never half of one.
 *
 * @param version increases with every published change; a commit checks that the state it was
 *     prepared against is still the current one
 */
record ControlState(long version, NavigableMap<Integer, RuleSetRow> ruleSets,
    NavigableMap<Integer, ReaderRow> readers, NavigableMap<Integer, ManagerRow> managers) {

  ControlState {
    ruleSets = Collections.unmodifiableNavigableMap(new TreeMap<>(ruleSets));
    readers = Collections.unmodifiableNavigableMap(new TreeMap<>(readers));
    managers = Collections.unmodifiableNavigableMap(new TreeMap<>(managers));
  }

  /** A copy to change, for the next version. */
  Builder edit() {
    return new Builder(this);
  }

  /** Mutable copy of a state; {@link #build()} makes the next version. */
  static final class Builder {
    final long version;
    final TreeMap<Integer, RuleSetRow> ruleSets;
    final TreeMap<Integer, ReaderRow> readers;
    final TreeMap<Integer, ManagerRow> managers;

    Builder(ControlState s) {
      version = s.version;
      ruleSets = new TreeMap<>(s.ruleSets);
      readers = new TreeMap<>(s.readers);
      managers = new TreeMap<>(s.managers);
    }

    ControlState build() {
      return new ControlState(version + 1, ruleSets, readers, managers);
    }
  }
}
