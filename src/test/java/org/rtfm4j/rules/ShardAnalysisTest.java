package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The address bits a multi-threaded meter may spread packets by: exactly the bits that every
 * counting path keeps of both peer addresses, read here from the masks written in each rule file.
 */
class ShardAnalysisTest {
  private static final long IPV4_32 = 0xFFFF_FFFF_0000_0000L;
  private static final long IPV4_24 = 0xFFFF_FF00_0000_0000L;
  private static final long IPV4_16 = 0xFFFF_0000_0000_0000L;
  private static final long ALL = -1L;

  private static long[] masks(String file) throws Exception {
    return ShardAnalysis.addressMasks(RuleFileParser.parse(Path.of("rulesets", file)));
  }

  private static long[] masksOf(String text) throws Exception {
    return ShardAnalysis.addressMasks(RuleFileParser.parse("test.rules", text));
  }

  @Test
  void shippedRuleSetsKeepTheAddressBitsTheirMasksSay() throws Exception {
    // PushPktToAct of both addresses & 255.255.255.255 (IPv4) and ffff:...:ffff (IPv6).
    assertArrayEquals(new long[] {IPV4_32, ALL, ALL}, masks("five-tuple.rules"));
    assertArrayEquals(new long[] {IPV4_32, ALL, ALL}, masks("host-pairs.rules"));
    assertArrayEquals(new long[] {IPV4_32, ALL, ALL}, masks("applications.rules"));
    // & 255.255.255.0 and & ffff:ffff:ffff:ffff::
    assertArrayEquals(new long[] {IPV4_24, ALL, 0}, masks("subnets.rules"));
    // The source network & 255.255.0.0 (through v1), the destination host & 255.255.255.255;
    // only PeerType IP (IPv4) reaches Count, so IPv6 packets constrain nothing.
    assertArrayEquals(new long[] {IPV4_16, ALL, ALL}, masks("netramet-example.rules"));
  }

  @Test
  void ruleSetOneKeysOnPeerTypeOnly() {
    assertNull(ShardAnalysis.addressMasks(BuiltinRuleSets.ruleSet1()));
  }

  @Test
  void aFlowKeyedOnOneEndOnlyCannotBeSpread() throws Exception {
    // RFC 2722 §3.3's "sourced by" buckets: every host's traffic to anyone in one flow.
    assertNull(masksOf("""
        SET 20
        RULES
          Null & 0 = 0: GotoAct, Next;
          SourcePeerAddress & 255.255.255.255 = 0: PushPktToAct, Next;
          SourcePeerType & 255 = 0: CountPkt, 0;
        """));
  }

  @Test
  void anAddressSavedFromTheRuleIsNotThePacketsAddress() throws Exception {
    assertNull(masksOf("""
        SET 21
        RULES
          Null & 0 = 0: GotoAct, Next;
          SourcePeerAddress & 255.255.255.255 = 0: PushPktToAct, Next;
          DestPeerAddress & 255.255.255.255 = 10.0.0.1: PushRuleToAct, Next;
          SourcePeerType & 255 = 0: CountPkt, 0;
        """));
  }

  @Test
  void oneCountingPathWithoutAddressesIsEnough() throws Exception {
    assertNull(masksOf("""
        SET 22
        RULES
          SourceTransType & 255 = 17: GotoAct, other;
          Null & 0 = 0: GotoAct, Next;
          SourcePeerAddress & 255.255.255.255 = 0: PushPktToAct, Next;
          DestPeerAddress & 255.255.255.255 = 0: CountPkt, 0;
        other:
          SourceTransType & 255 = 0: CountPkt, 0;
        """));
  }

  @Test
  void pathsWithDifferentMasksShareTheCoarsest() throws Exception {
    // Web traffic by /24 networks, everything else by /32 hosts, in both directions. No PeerType
    // test: an IPv6 packet's addresses are masked by the same 4-octet masks (its first 24 bits).
    assertArrayEquals(new long[] {IPV4_24, IPV4_24, 0}, masksOf("""
        SET 23
        RULES
          DestTransAddress & 255.255 = 80: GotoAct, web;
          Null & 0 = 0: GotoAct, Next;
          SourcePeerAddress & 255.255.255.255 = 0: PushPktToAct, Next;
          DestPeerAddress & 255.255.255.255 = 0: CountPkt, 0;
        web:
          SourcePeerAddress & 255.255.255.0 = 0: PushPktToAct, Next;
          DestPeerAddress & 255.255.255.0 = 0: CountPkt, 0;
        """));
  }

  @Test
  void eachEndMayHaveItsOwnMaskAndTheSpreadUsesBoth() throws Exception {
    // Source /16, destination /32: a reply swaps the ends, so only /16 of each end is certain.
    assertArrayEquals(new long[] {IPV4_16, ALL, ALL}, masksOf("""
        SET 24
        RULES
          SourcePeerType & 255 = IPv4: GotoAct, v4;
          Null & 0 = 0: Ignore, 0;
        v4:
          SourcePeerAddress & 255.255.0.0 = 0: PushPktToAct, Next;
          DestPeerAddress & 255.255.255.255 = 0: CountPkt, 0;
        """));
  }
}
