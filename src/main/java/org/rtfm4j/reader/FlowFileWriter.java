package org.rtfm4j.reader;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.rtfm4j.format.AsciiBuffer;
import org.rtfm4j.rules.Attribute;

/** Writes one pass's flow data file in one {@link OutputFormat}. */
abstract class FlowFileWriter {
  /** Bytes gathered before they go to the stream. */
  private static final int FLUSH_AT = 1 << 16;

  final OutputStream out;
  final FlowLayout layout;
  final List<Attribute> counters;
  final AsciiBuffer line = new AsciiBuffer();

  FlowFileWriter(OutputStream out, FlowLayout layout) {
    this.out = out;
    this.layout = layout;
    this.counters = layout.deltaCounters();
  }

  /** Starts the file: whatever precedes the flows. */
  abstract void begin(PassInfo info) throws IOException;

  /**
   * One flow.
   *
   * @param deltas per {@link FlowLayout#deltaCounters()}, the growth since the flow was last
   *     written
   */
  abstract void flow(CollectedFlow f, long[] deltas) throws IOException;

  /** Ends the file after {@code flows} flows and hands everything to the stream. */
  void end(long flows) throws IOException {
    flush();
  }

  void flushIfFull() throws IOException {
    if (line.length() >= FLUSH_AT) {
      flush();
    }
  }

  void flush() throws IOException {
    line.writeTo(out);
    line.clear();
    out.flush();
  }
}
