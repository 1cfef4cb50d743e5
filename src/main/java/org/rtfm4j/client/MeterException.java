package org.rtfm4j.client;

import org.snmp4j.smi.OID;

/**
 * A meter did not do what was asked, said in plain words: it did not answer, refused a request
 * with an SNMP error status (RFC 3416 §3), or answered with a USM report (RFC 3414 §3.2).
 */
public final class MeterException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure. */
  public enum Kind {
    /** No answer within the timeout and retries. */
    TIMEOUT,
    /** The meter answered with a non-zero error-status. */
    ERROR_STATUS,
    /** The meter answered with a Report (unknown user, wrong digest, ...). */
    REPORT,
    /** The request could not be sent or the answer made no sense. */
    PROTOCOL
  }

  private final transient MeterTarget target;
  private final Kind kind;
  private final int errorStatus;
  private final int errorIndex;
  private final OID failedObject;

  MeterException(MeterTarget target, Kind kind, int errorStatus, int errorIndex, OID failedObject,
      String message) {
    super(message);
    this.target = target;
    this.kind = kind;
    this.errorStatus = errorStatus;
    this.errorIndex = errorIndex;
    this.failedObject = failedObject;
  }

  public MeterTarget target() {
    return target;
  }

  public Kind kind() {
    return kind;
  }

  /** RFC 3416 error-status (0 unless {@link Kind#ERROR_STATUS}). */
  public int errorStatus() {
    return errorStatus;
  }

  /** 1-based index of the variable binding that failed, 0 when none is named. */
  public int errorIndex() {
    return errorIndex;
  }

  /** The object the error-index names, or null. */
  public OID failedObject() {
    return failedObject;
  }
}
