package org.rtfm4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.LinkType;
import org.rtfm4j.packet.PacketDecoder;
import org.rtfm4j.rules.RuleFileException;
import org.rtfm4j.rules.RuleFileParser;

/** The project's rulesets/five-tuple.rules, compiled, and synthetic packets decoded for it. */
final class FiveTuple {
  private FiveTuple() {}

  /**
   * The rule set. The project directory is the system property rtfm4j.home, else the environment
   * variable RTFM4J_HOME (set by run.sh; JMH's forked JVMs inherit it), else ../..
   */
  static CompiledRuleSet rules() {
    String env = System.getenv("RTFM4J_HOME");
    Path home = Path.of(System.getProperty("rtfm4j.home", env != null ? env : "../.."));
    Path file = home.resolve("rulesets/five-tuple.rules");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no " + file + ": set -Drtfm4j.home=PROJECT_DIR");
    }
    try {
      return new CompiledRuleSet(RuleFileParser.parse(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuleFileException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code count} packets of distinct flows, decoded. */
  static DecodedPacket[] decoded(int count) {
    SyntheticPackets raw = new SyntheticPackets(count);
    PacketDecoder decoder = new PacketDecoder();
    DecodedPacket[] out = new DecodedPacket[count];
    for (int i = 0; i < count; i++) {
      out[i] = new DecodedPacket();
      decoder.decode(LinkType.ETHERNET, raw.data, raw.offset(i), SyntheticPackets.FRAME,
          SyntheticPackets.FRAME, i, out[i]);
    }
    return out;
  }
}
