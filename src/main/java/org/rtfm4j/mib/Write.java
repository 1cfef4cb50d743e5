package org.rtfm4j.mib;

import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.smi.Variable;

/** One variable binding of a SET that falls in a control table, and what it is found to be. */
final class Write {
  final SubRequest<?> sub;
  final ControlTable table;
  final int column;
  final int[] index;
  final Variable value;
  /** The error found before the state is consulted (type, length, value, index). */
  final int syntaxError;
  /** The error found so far; the plan adds the errors that depend on the state. */
  int error;

  Write(SubRequest<?> sub, ControlTable table, int column, int[] index, Variable value,
      int syntaxError) {
    this.sub = sub;
    this.table = table;
    this.column = column;
    this.index = index;
    this.value = value;
    this.syntaxError = syntaxError;
    this.error = syntaxError;
  }
}
