package org.rtfm4j.reader;

import java.io.OutputStream;
import org.rtfm4j.format.FlowCsvFormat;
import org.rtfm4j.rules.Attribute;

/**
 * Flow data as the meter's {@code --flows-out} CSV ({@link FlowCsvFormat}): a header of RFC 2722
 * names, one line per flow, absent attributes empty; d_ columns after the attributes. The pass's
 * own details are in the file name (see {@link PassStore}).
 */
final class CsvFileWriter extends FlowFileWriter {
  CsvFileWriter(OutputStream out, FlowLayout layout) {
    super(out, layout);
  }

  @Override
  void begin(PassInfo info) {
    line.append(FlowCsvFormat.header(layout.attributes()));
    for (Attribute c : counters) {
      line.append(",d_").append(c.rfcName());
    }
    line.append('\n');
  }

  @Override
  void flow(CollectedFlow f, long[] deltas) throws java.io.IOException {
    boolean first = true;
    for (Attribute a : layout.attributes()) {
      if (!first) {
        line.append(',');
      }
      first = false;
      ValueText.append(line, a.number(), f.get(a.number()));
    }
    for (int i = 0; i < counters.size(); i++) {
      line.append(',').append(deltas[i]);
    }
    line.append('\n');
    flushIfFull();
  }
}
