package org.rtfm4j.capture;

import java.util.List;

/** Not a test: tries to open the interfaces named in args and prints the outcome. */
public final class LiveCaptureProbe {
  private LiveCaptureProbe() {}

  public static void main(String[] args) {
    try (LiveCapture capture = LiveCapture.open(List.of(args), LiveCaptureOptions.defaults())) {
      System.out.println("opened " + capture.interfaces());
    } catch (CaptureException e) {
      System.out.println(e.getMessage());
    }
  }
}
