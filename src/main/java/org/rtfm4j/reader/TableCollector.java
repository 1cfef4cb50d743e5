package org.rtfm4j.reader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.rules.Attribute;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.VariableBinding;

/**
 * Reads flows through flowDataTable (RFC 2720 flowData 1), one column per attribute, walked side
 * by side with GETBULK from {@code column.RS.T}: every flow of rule set RS last active at or after
 * T. A column has no instance for an attribute a flow lacks, so the columns run apart; a flow is
 * handed over once every column has passed its FlowIndex. When all columns hold a flow, its values
 * come from one repetition of one GETBULK, which the meter answers from one copy of the row.
 */
final class TableCollector implements Collector {
  private final int[] columns;
  private final int[] attributeOfColumn;
  private final boolean timeMark;
  private final int varbindsPerRequest;
  private final int startAfter;

  /**
   * @param attributes the attributes to read (FlowIndex and RuleSet come from the index;
   *     FlowTimeMark, which is no column, from LastActiveTime, its value)
   * @param varbindsPerRequest max-repetitions times columns asked at once
   * @param startAfter read flows with a FlowIndex above this (0 for all)
   */
  TableCollector(int[] attributes, int varbindsPerRequest, int startAfter) {
    List<Integer> cols = new ArrayList<>();
    List<Integer> attrs = new ArrayList<>();
    boolean mark = false;
    boolean lastActive = false;
    for (int a : attributes) {
      int c = FlowMib.dataColumn(a);
      if (a == Attribute.FLOW_TIME_MARK.number()) {
        mark = true;
      } else if (c != 0) {
        cols.add(c);
        attrs.add(a);
        lastActive |= a == Attribute.LAST_ACTIVE_TIME.number();
      }
    }
    if (mark && !lastActive) {
      cols.add(Attribute.LAST_ACTIVE_TIME.number());
      attrs.add(Attribute.LAST_ACTIVE_TIME.number());
    }
    this.columns = cols.stream().mapToInt(Integer::intValue).toArray();
    this.attributeOfColumn = attrs.stream().mapToInt(Integer::intValue).toArray();
    this.timeMark = mark;
    this.varbindsPerRequest = varbindsPerRequest;
    this.startAfter = startAfter;
  }

  @Override
  public void collect(MeterClient client, int ruleSet, long timeFilter, FlowSink sink)
      throws MeterException, IOException {
    int n = columns.length;
    if (n == 0) {
      return;
    }
    OID[] prefix = new OID[n];
    OID[] next = new OID[n];
    long[] position = new long[n];
    boolean[] done = new boolean[n];
    for (int c = 0; c < n; c++) {
      prefix[c] = FlowMib.instance(FlowMib.DATA_ENTRY, columns[c], ruleSet,
          (int) timeFilter);
      next[c] = startAfter > 0 ? FlowMib.instance(prefix[c], startAfter) : prefix[c];
      position[c] = startAfter;
    }
    TreeMap<Integer, CollectedFlow> pending = new TreeMap<>();
    List<Integer> live = new ArrayList<>();
    List<OID> request = new ArrayList<>();
    while (true) {
      live.clear();
      request.clear();
      for (int c = 0; c < n; c++) {
        if (!done[c]) {
          live.add(c);
          request.add(next[c]);
        }
      }
      if (live.isEmpty()) {
        break;
      }
      int m = live.size();
      List<VariableBinding> r = client.getBulk(request, Math.max(1, varbindsPerRequest / m));
      // GETBULK answers repetition by repetition, each with one binding per column asked.
      for (int i = 0; i < r.size(); i++) {
        int c = live.get(i % m);
        if (done[c]) {
          continue;
        }
        VariableBinding vb = r.get(i);
        OID o = vb.getOid();
        if (vb.getVariable().isException() || o.size() != prefix[c].size() + 1
            || !o.startsWith(prefix[c]) || o.compareTo(next[c]) <= 0) {
          done[c] = true;
          continue;
        }
        int flowIndex = o.last();
        position[c] = flowIndex;
        next[c] = o;
        pending.computeIfAbsent(flowIndex, k -> new CollectedFlow(k, ruleSet))
            .set(attributeOfColumn[c], vb.getVariable());
      }
      if (r.isEmpty()) {
        // Nothing came back (an empty response): no column can go on.
        break;
      }
      // Every column still walking has passed (or reached) its position: flows up to the lowest
      // position have all their values.
      long complete = Long.MAX_VALUE;
      for (int c = 0; c < n; c++) {
        if (!done[c]) {
          complete = Math.min(complete, position[c]);
        }
      }
      while (!pending.isEmpty() && pending.firstKey() <= complete) {
        emit(pending.pollFirstEntry().getValue(), sink);
      }
    }
    while (!pending.isEmpty()) {
      emit(pending.pollFirstEntry().getValue(), sink);
    }
  }

  private void emit(CollectedFlow f, FlowSink sink) throws IOException {
    if (timeMark) {
      // flowDataTimeMark is an index; as an attribute value it is LastActiveTime (RFC 2720).
      f.set(Attribute.FLOW_TIME_MARK.number(), f.get(Attribute.LAST_ACTIVE_TIME.number()));
    }
    sink.accept(f);
  }
}
