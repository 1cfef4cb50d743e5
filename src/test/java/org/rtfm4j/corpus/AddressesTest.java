package org.rtfm4j.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Canonical address text follows RFC 5952 section 4, whatever spelling comes in. */
class AddressesTest {

  @Test
  void rfc5952Examples() {
    // Section 4.1: leading zeros suppressed; 4.2.1: "::" as long as possible.
    assertEquals("2001:db8::1", Addresses.canonical("2001:0db8:0000:0000:0000:0000:0000:0001"));
    // 4.2.2: one 16-bit zero field is not shortened with "::".
    assertEquals("2001:db8:0:1:1:1:1:1", Addresses.canonical("2001:db8::1:1:1:1:1"));
    // 4.2.3: the longest run, and the first of equal runs, is compressed.
    assertEquals("2001:0:0:1::1", Addresses.canonical("2001:0:0:1:0:0:0:1"));
    assertEquals("2001:db8::1:0:0:1", Addresses.canonical("2001:db8:0:0:1:0:0:1"));
    // 4.3: lower case.
    assertEquals("2001:db8::aaaa", Addresses.canonical("2001:DB8::AAAA"));
    assertEquals("::", Addresses.canonical("0:0:0:0:0:0:0:0"));
    assertEquals("::1", Addresses.canonical("0:0:0:0:0:0:0:1"));
  }

  @Test
  void ipv4StaysIpv4AndMappedStaysIpv6() {
    assertEquals("192.0.2.1", Addresses.canonical("192.0.2.1"));
    assertEquals(4, Addresses.version(Addresses.canonical("192.0.2.1")));
    assertEquals(6, Addresses.version(Addresses.canonical("::ffff:192.0.2.1")));
  }

  @Test
  void namesAreNeverResolved() {
    assertThrows(IllegalArgumentException.class, () -> Addresses.canonical("localhost"));
    assertThrows(IllegalArgumentException.class, () -> Addresses.canonical(""));
  }
}
