package org.rtfm4j.client;

/** RFC 3416 §3 error-status values: their names and what each means for a meter's operator. */
public final class ErrorStatus {
  private static final String[] NAMES = {"noError", "tooBig", "noSuchName", "badValue",
      "readOnly", "genErr", "noAccess", "wrongType", "wrongLength", "wrongEncoding",
      "wrongValue", "noCreation", "inconsistentValue", "resourceUnavailable", "commitFailed",
      "undoFailed", "authorizationError", "notWritable", "inconsistentName"};

  private static final String[] MEANINGS = {
      "no error",
      "the answer would not fit in one message",
      "no such object, or no access to it (SNMPv1)",
      "a value of the wrong type, length or value (SNMPv1)",
      "the object cannot be written",
      "the meter failed to do it",
      "this community or user may not write it",
      "a value of the wrong type for this object",
      "a value of the wrong length for this object",
      "a badly encoded value",
      "a value this object can never take",
      "no such row, and none can be created here",
      "a value that conflicts with the meter's present state",
      "the meter has no room for it",
      "the meter could not apply it; nothing changed",
      "the meter could not undo a partial change",
      "this user's access does not allow it",
      "the object cannot be written now (for example, its rule set is active or in use)",
      "no such row, and this index cannot name one"};

  private ErrorStatus() {}

  /** The RFC's name for {@code status}, e.g. {@code notWritable}. */
  public static String name(int status) {
    return status >= 0 && status < NAMES.length ? NAMES[status] : "error " + status;
  }

  /** A plain explanation of {@code status}. */
  public static String explain(int status) {
    return status >= 0 && status < MEANINGS.length ? MEANINGS[status] : "unknown error";
  }
}
