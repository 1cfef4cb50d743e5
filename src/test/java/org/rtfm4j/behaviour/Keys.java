package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
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
    want.addAll(List.of(expected));
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

  /**
   * Asserts a peer address and its mask by their leading bytes only, as long as {@code address}
   * (4 for IPv4), with every later byte zero: for addresses a rule saved from its own value
   * (PushRuleTo, Count), which the engine records as 16 bytes long even for IPv4 packets (see
   * {@link PeerAddressLengthTest}).
   */
  static void assertPeerBytes(FlowKey k, Attribute a, String address, String maskHex) {
    byte[] want = Pkt.address(address);
    String wantValue = HEX.formatHex(want);
    String value = value(k, a);
    String mask = mask(k, a);
    assertEquals(wantValue, value.substring(0, Math.min(value.length(), wantValue.length())),
        () -> a + " of " + describe(k));
    assertEquals(maskHex, mask.substring(0, Math.min(mask.length(), maskHex.length())),
        () -> "mask of " + a + " in " + describe(k));
    assertEquals("0".repeat(value.length() - wantValue.length()),
        value.substring(wantValue.length()), () -> a + " of " + describe(k));
    assertEquals("0".repeat(mask.length() - maskHex.length()), mask.substring(maskHex.length()),
        () -> "mask of " + a + " in " + describe(k));
  }

  /** The first four bytes of a peer address as a dotted quad, whatever its recorded length. */
  static String ipv4(FlowKey k, Attribute a) {
    byte[] b = AttributeValues.bytes(k.valueHi(a.number()), k.valueLo(a.number()), 4);
    return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
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
