package org.rtfm4j.reader;

import java.io.OutputStream;
import java.util.Locale;

/** The flow data file formats the reader writes ({@code --format}). */
public enum OutputFormat {
  /** NeMaC's shape: # control lines, then space-separated values (see NetrametFileWriter). */
  NETRAMET("netramet", "txt"),
  /** The meter's --flows-out CSV. */
  CSV("csv", "csv"),
  /** JSON Lines: a collection line, then one object per flow. */
  JSONL("jsonl", "jsonl");

  private final String name;
  private final String extension;

  OutputFormat(String name, String extension) {
    this.name = name;
    this.extension = extension;
  }

  /** The name --format takes. */
  public String optionName() {
    return name;
  }

  /** The file name extension of its files, without the dot. */
  public String extension() {
    return extension;
  }

  /** The format named {@code name} (case-insensitive), or null. */
  public static OutputFormat byName(String name) {
    for (OutputFormat f : values()) {
      if (f.name.equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    return null;
  }

  FlowFileWriter writer(OutputStream out, FlowLayout layout) {
    switch (this) {
      case NETRAMET:
        return new NetrametFileWriter(out, layout);
      case JSONL:
        return new JsonLinesFileWriter(out, layout);
      default:
        return new CsvFileWriter(out, layout);
    }
  }
}
