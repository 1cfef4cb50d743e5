package org.rtfm4j.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.rtfm4j.agent.AccessControl.AuthProtocol;
import org.rtfm4j.agent.AccessControl.PrivProtocol;
import org.rtfm4j.agent.ConfigLine;
import org.rtfm4j.agent.UsmProtocols;

/**
 * The options with which the manager and the reader name meters and how to reach them, as
 * net-snmp's tools spell them ({@code -v 2c -c COMMUNITY}, {@code -v 3 -u USER -l authPriv -a
 * SHA-256 -A PASS -x AES -X PASS}), plus {@code --meter HOST:PORT} (repeatable) and {@code
 * --meters FILE}, a list of meters one per line:
 *
 * <pre>
 * # NAME is informational; options on a line override the command line's
 * meter 127.0.0.1:16161 -v 2c -c secret
 * meter [2001:db8::7]:16161 -v 3 -u manager -l authPriv -a SHA-512 -A "pass phrase" -x AES-256 -X "other phrase"
 * </pre>
 */
public final class ClientOptions {
  /** The v1/v2c community when none is given, as net-snmp's tools have none: public. */
  public static final String DEFAULT_COMMUNITY = "public";

  private ClientOptions() {}

  /** A meter list or option that cannot be used; the message says where and why. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /** Adds the meter and security options to {@code o}. */
  public static Options add(Options o) {
    o.addOption(Option.builder().longOpt("meter").hasArg().argName("HOST:PORT")
        .desc("meter to act on (repeatable; IPv6 as [ADDR]:PORT)").get());
    o.addOption(Option.builder().longOpt("meters").hasArg().argName("FILE")
        .desc("file listing meters, one 'meter HOST:PORT [options]' line each").get());
    securityOptions(o);
    o.addOption(Option.builder().longOpt("timeout").hasArg().argName("SECS")
        .desc("seconds to wait for each answer (default "
            + MeterClient.DEFAULT_TIMEOUT_MILLIS / 1000 + ")").get());
    o.addOption(Option.builder().longOpt("retries").hasArg().argName("N")
        .desc("resends after a timeout (default " + MeterClient.DEFAULT_RETRIES + ")").get());
    return o;
  }

  private static Options securityOptions(Options o) {
    o.addOption(Option.builder("v").longOpt("snmp-version").hasArg().argName("1|2c|3")
        .desc("SNMP version (default 2c)").get());
    o.addOption(Option.builder("c").longOpt("community").hasArg().argName("COMMUNITY")
        .desc("v1/v2c community (default " + DEFAULT_COMMUNITY + ")").get());
    o.addOption(Option.builder("u").longOpt("user").hasArg().argName("USER")
        .desc("SNMPv3 user").get());
    o.addOption(Option.builder("l").longOpt("level").hasArg()
        .argName("noAuthNoPriv|authNoPriv|authPriv").desc("SNMPv3 security level").get());
    o.addOption(Option.builder("a").longOpt("auth-protocol").hasArg()
        .argName("SHA|SHA-224|SHA-256|SHA-384|SHA-512").desc("SNMPv3 authentication").get());
    o.addOption(Option.builder("A").longOpt("auth-passphrase").hasArg().argName("PASS")
        .desc("SNMPv3 authentication passphrase").get());
    o.addOption(Option.builder("x").longOpt("priv-protocol").hasArg()
        .argName("AES|AES-192|AES-256").desc("SNMPv3 privacy").get());
    o.addOption(Option.builder("X").longOpt("priv-passphrase").hasArg().argName("PASS")
        .desc("SNMPv3 privacy passphrase").get());
    o.addOption(Option.builder().longOpt("allow-insecure-protocols")
        .desc("accept MD5 and DES (refused otherwise)").get());
    return o;
  }

  /** The meters the command line names, with --meters FILE's after --meter's. */
  public static List<MeterTarget> targets(CommandLine cl) throws UsageException {
    List<MeterTarget> l = new ArrayList<>();
    if (cl.hasOption("meter")) {
      for (String m : cl.getOptionValues("meter")) {
        l.add(target(m, cl, null, "--meter " + m));
      }
    }
    if (cl.hasOption("meters")) {
      l.addAll(fromFile(Path.of(cl.getOptionValue("meters")), cl));
    }
    if (l.isEmpty()) {
      throw new UsageException("say which meter: --meter HOST:PORT or --meters FILE");
    }
    return l;
  }

  /** Seconds to milliseconds for --timeout. */
  public static int timeoutMillis(CommandLine cl) throws UsageException {
    if (!cl.hasOption("timeout")) {
      return MeterClient.DEFAULT_TIMEOUT_MILLIS;
    }
    try {
      double s = Double.parseDouble(cl.getOptionValue("timeout"));
      if (s > 0 && s <= 600) {
        return (int) Math.round(s * 1000);
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new UsageException("--timeout takes seconds, more than 0 and at most 600: "
        + cl.getOptionValue("timeout"));
  }

  /** --retries. */
  public static int retries(CommandLine cl) throws UsageException {
    if (!cl.hasOption("retries")) {
      return MeterClient.DEFAULT_RETRIES;
    }
    String v = cl.getOptionValue("retries");
    try {
      int n = Integer.parseInt(v);
      if (n >= 0 && n <= 20) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new UsageException("--retries takes 0..20: " + v);
  }

  private static List<MeterTarget> fromFile(Path file, CommandLine defaults)
      throws UsageException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read meter list " + file + ": " + e.getMessage());
    }
    List<MeterTarget> l = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String where = file + ":" + (i + 1);
      List<ConfigLine.Token> tokens;
      try {
        tokens = ConfigLine.split(lines.get(i));
      } catch (ConfigLine.SyntaxError e) {
        throw new UsageException(where + ":" + e.column() + ": " + e.getMessage());
      }
      if (tokens.isEmpty()) {
        continue;
      }
      if (!tokens.get(0).text().equalsIgnoreCase("meter") || tokens.size() < 2) {
        throw new UsageException(where + ":" + tokens.get(0).column()
            + ": expected 'meter HOST:PORT [options]'");
      }
      String[] args = new String[tokens.size() - 2];
      for (int t = 2; t < tokens.size(); t++) {
        args[t - 2] = tokens.get(t).text();
      }
      CommandLine own;
      try {
        own = new DefaultParser().parse(securityOptions(new Options()), args);
      } catch (ParseException e) {
        throw new UsageException(where + ": " + e.getMessage());
      }
      if (!own.getArgList().isEmpty()) {
        throw new UsageException(where + ": unexpected '" + own.getArgList().get(0) + "'");
      }
      l.add(target(tokens.get(1).text(), own, defaults, where + ":" + tokens.get(1).column()));
    }
    return l;
  }

  /** One meter: {@code own}'s options, else {@code fallback}'s (may be null). */
  private static MeterTarget target(String address, CommandLine own, CommandLine fallback,
      String where) throws UsageException {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new UsageException(where + ": expected HOST:PORT, got '" + address + "'");
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new UsageException(where + ": write an IPv6 address in brackets: [" + host + "]:"
          + address.substring(colon + 1));
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65_535) {
      throw new UsageException(where + ": port must be 1..65535 in '" + address + "'");
    }
    String version = value(own, fallback, "snmp-version", "2c");
    boolean insecure = own.hasOption("allow-insecure-protocols")
        || (fallback != null && fallback.hasOption("allow-insecure-protocols"));
    try {
      switch (version) {
        case "1", "2c" -> {
          MeterTarget.Version v = version.equals("1") ? MeterTarget.Version.V1
              : MeterTarget.Version.V2C;
          return MeterTarget.community(host, port, v,
              value(own, fallback, "community", DEFAULT_COMMUNITY));
        }
        case "3" -> {
          String user = value(own, fallback, "user", null);
          if (user == null) {
            throw new UsageException(where + ": SNMPv3 needs a user (-u)");
          }
          String authName = value(own, fallback, "auth-protocol", null);
          String privName = value(own, fallback, "priv-protocol", null);
          AuthProtocol auth = authName == null ? null : UsmProtocols.authProtocol(authName);
          if (authName != null && auth == null) {
            throw new UsageException(where + ": unknown authentication protocol '" + authName
                + "' (SHA, SHA-224, SHA-256, SHA-384, SHA-512)");
          }
          PrivProtocol priv = privName == null ? null : UsmProtocols.privProtocol(privName);
          if (privName != null && priv == null) {
            throw new UsageException(where + ": unknown privacy protocol '" + privName
                + "' (AES, AES-192, AES-256)");
          }
          String authPass = value(own, fallback, "auth-passphrase", null);
          String privPass = value(own, fallback, "priv-passphrase", null);
          MeterTarget.Level level = level(value(own, fallback, "level",
              privPass != null ? "authPriv" : authPass != null ? "authNoPriv" : "noAuthNoPriv"),
              where);
          return new MeterTarget(host, port, MeterTarget.Version.V3, null, user, level, auth,
              authPass, priv, privPass, insecure);
        }
        default -> throw new UsageException(where + ": SNMP version must be 1, 2c or 3: "
            + version);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(where + ": " + e.getMessage());
    }
  }

  private static MeterTarget.Level level(String name, String where) throws UsageException {
    for (MeterTarget.Level l : MeterTarget.Level.values()) {
      if (l.netSnmpName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new UsageException(where + ": security level must be noAuthNoPriv, authNoPriv or"
        + " authPriv: " + name);
  }

  private static String value(CommandLine own, CommandLine fallback, String option,
      String otherwise) {
    if (own.hasOption(option)) {
      return own.getOptionValue(option);
    }
    if (fallback != null && fallback.hasOption(option)) {
      return fallback.getOptionValue(option);
    }
    return otherwise;
  }
}
