package org.rtfm4j.reader;

import java.io.IOException;
import java.io.OutputStream;
import org.rtfm4j.rules.Attribute;

/**
 * Flow data in the shape of NeMaC's flow data files (RFC 2123; ../shared/notes/netramet.md):
 * {@code #} control lines (a header naming the meter, rule set and reader, a {@code #Format:} line
 * naming each data field, a {@code #Time:} line for the collection), then one line per flow with
 * the values separated by a space, or by the FORMAT statement's own separators. An absent
 * attribute is {@code -}. Two more control lines appear when they apply: {@code #Restart:} (the
 * data starts afresh: the meter restarted, or the reader's registration was lost) and
 * {@code #Note:} (the rule set changed); {@code #Flows:} ends the file with the count.
 */
final class NetrametFileWriter extends FlowFileWriter {
  private static final char ABSENT = '-';

  NetrametFileWriter(OutputStream out, FlowLayout layout) {
    super(out, layout);
  }

  @Override
  void begin(PassInfo info) throws IOException {
    line.append("##rtfm4j reader: NeTraMet-style flow data, one collection\n");
    line.append("#Meter: ").append(info.meter()).append(" RuleSet ").append(info.ruleSet())
        .append('\n');
    line.append("#Reader: ").append(oneLine(info.owner())).append(" (flowReaderIndex ")
        .append(info.readerIndex()).append(", method ").append(info.method()).append(")\n");
    line.append("#Format: ").append(layout.toString()).append('\n');
    line.append("#Time: ").append(info.time().toString()).append(" pass ").append(info.seq())
        .append(" start ").append(info.start()).append(" from ").append(info.from())
        .append(info.lastTimeSet() ? " (flowReaderLastTime set)" : " (flowReaderLastTime kept)")
        .append('\n');
    if (info.restart() != null) {
      line.append("#Restart: ").append(oneLine(info.restart())).append('\n');
    }
    if (info.note() != null) {
      line.append("#Note: ").append(oneLine(info.note())).append('\n');
    }
  }

  @Override
  void flow(CollectedFlow f, long[] deltas) throws IOException {
    boolean needSpace = false;
    for (FlowLayout.Item item : layout.items()) {
      Attribute a = item.attribute();
      if (a == null) {
        line.append(item.separator());
        needSpace = false;
        continue;
      }
      if (needSpace) {
        line.append(' ');
      }
      if (f.get(a.number()) == null) {
        line.append(ABSENT);
      } else {
        ValueText.append(line, a.number(), f.get(a.number()));
      }
      needSpace = true;
    }
    for (int i = 0; i < counters.size(); i++) {
      line.append(' ').append(deltas[i]);
    }
    line.append('\n');
    flushIfFull();
  }

  @Override
  void end(long flows) throws IOException {
    line.append("#Flows: ").append(flows).append('\n');
    super.end(flows);
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }
}
