package org.rtfm4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rtfm4j.packet.DecodeResult;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.LinkType;
import org.rtfm4j.packet.PacketDecoder;

/** Decoding Ethernet / IPv4 / TCP frames of 4,096 distinct flows: ns per packet. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecoderBench {
  private static final int PACKETS = 4096;

  private final SyntheticPackets packets = new SyntheticPackets(PACKETS);
  private final PacketDecoder decoder = new PacketDecoder();
  private final DecodedPacket out = new DecodedPacket();

  /** Decodes every frame once; returns the IP results so that nothing is optimised away. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public int decode() {
    int ip = 0;
    for (int i = 0; i < PACKETS; i++) {
      DecodeResult r = decoder.decode(LinkType.ETHERNET, packets.data, packets.offset(i),
          SyntheticPackets.FRAME, SyntheticPackets.FRAME, i, out);
      if (r == DecodeResult.IP) {
        ip++;
      }
    }
    return ip;
  }
}
