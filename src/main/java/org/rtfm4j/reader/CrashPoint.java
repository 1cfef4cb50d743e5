package org.rtfm4j.reader;

import java.io.IOException;

/**
 * The moments of a pass where a reader killed by the system leaves a different trace; tests
 * throw here to stand for the kill. Never anything but a no-op outside tests.
 */
@FunctionalInterface
interface CrashPoint {
  /** No crash. */
  CrashPoint NONE = where -> { };

  void reached(String where) throws IOException;
}
