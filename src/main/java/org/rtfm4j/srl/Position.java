package org.rtfm4j.srl;

/** A place in an SRL source: 1-origin line and column (a tab counts as one column). */
record Position(int line, int column) implements Comparable<Position> {
  @Override
  public int compareTo(Position o) {
    return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
