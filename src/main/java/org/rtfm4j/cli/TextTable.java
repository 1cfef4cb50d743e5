package org.rtfm4j.cli;

import java.util.ArrayList;
import java.util.List;

/** A table printed with aligned columns: numbers right-aligned, text left-aligned. */
final class TextTable {
  private static final String GAP = "  ";

  private final String[] headings;
  private final boolean[] numeric;
  private final List<String[]> rows = new ArrayList<>();

  /** A heading starting with '>' marks a right-aligned (numeric) column; the '>' is dropped. */
  TextTable(String... headings) {
    this.headings = new String[headings.length];
    this.numeric = new boolean[headings.length];
    for (int i = 0; i < headings.length; i++) {
      numeric[i] = headings[i].startsWith(">");
      this.headings[i] = numeric[i] ? headings[i].substring(1) : headings[i];
    }
  }

  TextTable row(Object... cells) {
    if (cells.length != headings.length) {
      throw new IllegalArgumentException(cells.length + " cells for " + headings.length
          + " columns");
    }
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      r[i] = String.valueOf(cells[i]);
    }
    rows.add(r);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The heading line and the rows, without trailing blanks. */
  List<String> lines() {
    int[] width = new int[headings.length];
    for (int i = 0; i < headings.length; i++) {
      width[i] = headings[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    out.add(line(headings, width));
    for (String[] r : rows) {
      out.add(line(r, width));
    }
    return out;
  }

  private String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append(GAP);
      }
      String pad = " ".repeat(width[i] - cells[i].length());
      sb.append(numeric[i] ? pad + cells[i] : cells[i] + pad);
    }
    return sb.toString().stripTrailing();
  }
}
