package org.rtfm4j.agent;

import java.util.ArrayList;
import org.snmp4j.PDU;

/**
 * At most {@link #MAX_BINDINGS} variable bindings in the answer to one GetBulkRequest. RFC 3416
 * §4.2.3 lets an agent answer with fewer bindings than asked for "a local constraint", by
 * leaving out bindings at the end of the answer: the answer is then a prefix of the full one, and
 * a manager walking a table simply asks again from where it ended.
 */
final class BulkLimit {
  /**
   * Unbounded, one GETBULK fills a 64 KB answer with about 1000 to 3000 bindings, which kept
   * one of the agent's two workers busy for 0.1 to 0.7 s (SNMP4J-Agent recomputes the answer's
   * length for every binding it adds): a handful of such requests, read-only ones included,
   * held a legitimate manager's GET for seconds (HostileSnmpTest). 250 bindings is a walk of
   * 10 columns at 25 repetitions, where bulk walks run fastest; net-snmp's snmpd bounds the
   * same thing (maxGetbulkResponses, 100 by default).
   */
  static final int MAX_BINDINGS = 250;

  private BulkLimit() {}

  /** Lowers max-repetitions, and drops request bindings past the limit, in place. */
  static void apply(PDU pdu) {
    int n = pdu.size();
    // RFC 3416 §4.2.3: N = max(min(non-repeaters, L), 0) non-repeaters, R = L - N repeaters.
    int nonRepeaters = Math.max(Math.min(pdu.getNonRepeaters(), n), 0);
    if (n > MAX_BINDINGS) {
      // The first MAX_BINDINGS bindings of the full answer: the first non-repeaters, then the
      // first row of repetitions cut short.
      pdu.setVariableBindings(new ArrayList<>(pdu.getVariableBindings().subList(0,
          MAX_BINDINGS)));
      n = MAX_BINDINGS;
      nonRepeaters = Math.min(nonRepeaters, n);
      pdu.setNonRepeaters(nonRepeaters);
      pdu.setMaxRepetitions(1);
      return;
    }
    int repeaters = n - nonRepeaters;
    if (repeaters > 0) {
      int most = Math.max(1, (MAX_BINDINGS - nonRepeaters) / repeaters);
      if (pdu.getMaxRepetitions() > most) {
        pdu.setMaxRepetitions(most);
      }
    }
  }
}
