package org.rtfm4j.reader;

import java.io.IOException;
import java.io.OutputStream;
import org.rtfm4j.rules.Attribute;

/**
 * Flow data as JSON Lines: a first line {@code {"collection": {...}}} describing the pass (meter,
 * rule set, pass number, times, reader, restart), then one object per flow keyed by RFC 2722
 * names; numbers are JSON numbers, addresses strings; an absent attribute is left out; d_ members
 * follow the attributes.
 */
final class JsonLinesFileWriter extends FlowFileWriter {
  JsonLinesFileWriter(OutputStream out, FlowLayout layout) {
    super(out, layout);
  }

  @Override
  void begin(PassInfo info) {
    line.append("{\"collection\":{\"meter\":");
    string(info.meter());
    line.append(",\"ruleSet\":").append(info.ruleSet())
        .append(",\"pass\":").append(info.seq())
        .append(",\"time\":");
    string(info.time().toString());
    line.append(",\"start\":").append(info.start())
        .append(",\"from\":").append(info.from())
        .append(",\"lastTimeSet\":").append(info.lastTimeSet() ? "true" : "false")
        .append(",\"reader\":");
    string(info.owner());
    line.append(",\"readerIndex\":").append(info.readerIndex()).append(",\"method\":");
    string(info.method());
    line.append(",\"format\":");
    string(layout.toString());
    if (info.restart() != null) {
      line.append(",\"restart\":");
      string(info.restart());
    }
    if (info.note() != null) {
      line.append(",\"note\":");
      string(info.note());
    }
    line.append("}}\n");
  }

  @Override
  void flow(CollectedFlow f, long[] deltas) throws IOException {
    line.append('{');
    boolean first = true;
    for (Attribute a : layout.attributes()) {
      if (f.get(a.number()) == null) {
        continue;
      }
      if (!first) {
        line.append(',');
      }
      first = false;
      line.append('"').append(a.rfcName()).append("\":");
      boolean number = ValueText.numeric(a.number(), f.get(a.number()));
      if (!number) {
        line.append('"');
      }
      ValueText.append(line, a.number(), f.get(a.number()));
      if (!number) {
        line.append('"');
      }
    }
    for (int i = 0; i < counters.size(); i++) {
      if (!first) {
        line.append(',');
      }
      first = false;
      line.append("\"d_").append(counters.get(i).rfcName()).append("\":").append(deltas[i]);
    }
    line.append("}\n");
    flushIfFull();
  }

  /** A JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped. */
  private void string(String s) {
    line.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\').append(c);
      } else if (c < 0x20) {
        line.append(String.format("\\u%04x", (int) c));
      } else if (c > 0x7e) {
        // AsciiBuffer holds ASCII: anything else goes as an escape.
        line.append(String.format("\\u%04x", (int) c));
      } else {
        line.append(c);
      }
    }
    line.append('"');
  }
}
