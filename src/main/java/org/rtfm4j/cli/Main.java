package org.rtfm4j.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** {@code rtfm COMMAND ...}: parses the command name and hands over to its command. */
public final class Main {
  private Main() {}

  static final String USAGE = String.join("\n",
      "usage: rtfm COMMAND [OPTIONS]",
      "commands:",
      "  demo     run a meter, a manager and a reader on the example capture (rtfm demo --help)",
      "  meter    meter capture files or live interfaces with RTFM rule sets (rtfm meter --help)",
      "  manager  load, run and remove rule sets on running meters over SNMP"
          + " (rtfm manager --help)",
      "  reader   collect flows from meters over SNMP into flow data files (rtfm reader --help)",
      "  srl      compile an SRL program (RFC 2723) into a rule file (rtfm srl --help)",
      "");

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command; returns its exit code ({@link ExitCode}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, new CountDownLatch(1));
  }

  /** Runs a command; counting down {@code stopServing} ends {@code meter --serve} like Ctrl-C. */
  static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stopServing) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      (args.length == 0 ? err : out).print(USAGE);
      return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "demo":
        return new DemoCommand(out, err).run(rest);
      case "meter":
        return new MeterCommand(out, err, stopServing).run(rest);
      case "manager":
        return new ManagerCommand(out, err).run(rest);
      case "reader":
        return new ReaderCommand(out, err, stopServing).run(rest);
      case "srl":
        return new SrlCommand(out, err).run(rest);
      default:
        err.println("rtfm: unknown command '" + args[0] + "'");
        err.print(USAGE);
        return ExitCode.USAGE;
    }
  }
}
