package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.StringJoiner;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.match.AttributeValues;
import org.rtfm4j.rules.Attribute;

/** Reads flow keys back in the words the rule files use: attributes, addresses, masks, letters. */
final class Keys {
  private static final HexFormat HEX = HexFormat.of();

  private Keys() {}

  /** The attributes a key holds. */
  static Set<Attribute> attributes(FlowKey k) {
    Set<Attribute> out = EnumSet.noneOf(Attribute.class);
    for (Attribute a : Attribute.values()) {
      if (a.number() < Long.SIZE && k.has(a.number())) {
        out.add(a);
      }
    }
    return out;
  }

  /** Asserts the key holds exactly these attributes. */
  static void assertAttributes(FlowKey k, Attribute... expected) {
    Set<Attribute> want = EnumSet.noneOf(Attribute.class);
    want.addAll(java.util.List.of(expected));
    assertEquals(want, attributes(k), () -> "attributes of " + describe(k));
  }

  /** A peer address value as text ("130.216.0.0", "2001:db8:0:0:0:0:0:0"). */
  static String address(FlowKey k, Attribute a) {
    byte[] b = AttributeValues.bytes(k.valueHi(a.number()), k.valueLo(a.number()),
        k.length(a.number()));
    try {
      return InetAddress.getByAddress(b).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The mask of an attribute in hex, as long as its value ("ffffff00" for an IPv4 /24). */
  static String mask(FlowKey k, Attribute a) {
    return HEX.formatHex(AttributeValues.bytes(k.maskHi(a.number()), k.maskLo(a.number()),
        k.length(a.number())));
  }

  /** The value of an attribute in hex. */
  static String value(FlowKey k, Attribute a) {
    return HEX.formatHex(AttributeValues.bytes(k.valueHi(a.number()), k.valueLo(a.number()),
        k.length(a.number())));
  }

  /** A one- or two-byte attribute (type, port, class, kind) as a number. */
  static int number(FlowKey k, Attribute a) {
    return k.number(a.number());
  }

  /** Asserts a peer address and its mask, e.g. ("130.216.0.0", "ffff0000"). */
  static void assertPeer(FlowKey k, Attribute a, String address, String maskHex) {
    assertEquals(address(Pkt.address(address)), address(k, a), () -> a + " of " + describe(k));
    assertEquals(maskHex, mask(k, a), () -> "mask of " + a + " in " + describe(k));
  }

  /** Asserts a one- or two-byte attribute's value and that its mask is all ones. */
  static void assertNumber(FlowKey k, Attribute a, int value) {
    assertEquals(value, number(k, a), () -> a + " of " + describe(k));
    assertEquals("ff".repeat(k.length(a.number())), mask(k, a),
        () -> "mask of " + a + " in " + describe(k));
  }

  private static String address(byte[] b) {
    try {
      return InetAddress.getByAddress(b).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key as text, for failure messages. */
  static String describe(FlowKey k) {
    StringJoiner j = new StringJoiner(", ", "{", "}");
    for (Attribute a : attributes(k)) {
      j.add(a.rfcName() + "=" + value(k, a) + "&" + mask(k, a));
    }
    return j.toString();
  }
}
