package org.rtfm4j.packet;

/** STUB: replaced by the decoder branch. */
public enum MalformedReason {
  LINK_HEADER_TRUNCATED("link header cut short");

  private final String description;

  MalformedReason(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
