package org.rtfm4j.manager;

/** RowStatus values (RFC 2579) as words for tables and messages. */
public final class RowStatusText {
  private static final String[] NAMES = {null, "active", "notInService", "notReady",
      "createAndGo", "createAndWait", "destroy"};

  private RowStatusText() {}

  /** RFC 2579's name, e.g. {@code notInService}; "-" when unknown or missing. */
  public static String of(int status) {
    return status >= 1 && status < NAMES.length ? NAMES[status] : "-";
  }
}
