package org.rtfm4j.reader;

import java.util.Locale;

/** How a pass reads flows from the meter ({@code --method}). */
public enum Method {
  /** flowDataPackageTable: one varbind per flow (RFC 2720's recommended way). */
  PACKAGE("package"),
  /** flowColumnActivityTable: packed columns (deprecated in RFC 2720; FlowIndex up to 65535). */
  COLUMN("column"),
  /** flowDataTable: one varbind per attribute and flow. */
  TABLE("table");

  /** Varbinds asked per GETBULK by default (max-repetitions times columns). */
  public static final int DEFAULT_VARBINDS = 50;

  private final String name;

  Method(String name) {
    this.name = name;
  }

  /** The name --method takes. */
  public String optionName() {
    return name;
  }

  /** The method named {@code name} (case-insensitive), or null. */
  public static Method byName(String name) {
    for (Method m : values()) {
      if (m.name.equals(name.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    return null;
  }

  Collector collector(int[] attributes, int varbinds) {
    switch (this) {
      case PACKAGE:
        return new PackageCollector(attributes, varbinds);
      case COLUMN:
        return new ColumnCollector(attributes, varbinds);
      default:
        return new TableCollector(attributes, varbinds, 0);
    }
  }
}
