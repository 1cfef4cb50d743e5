package org.rtfm4j.packet;

/**
 * LINKTYPE_* numbers of the pcap and pcapng link-layer header registry
 * (https://www.tcpdump.org/linktypes.html) that this meter decodes.
 */
public final class LinkType {
  /** BSD loopback: 4-byte address family in the capturing host's byte order. */
  public static final int NULL = 0;
  /** IEEE 802.3 Ethernet (DIX and 802.3 length-field frames). */
  public static final int ETHERNET = 1;
  /** Raw IP as written by old libpcap versions on most systems (DLT_RAW = 12). */
  /** LINKTYPE_PPP: RFC 1661 PPP, with or without RFC 1662 HDLC-like address/control bytes. */
  public static final int PPP = 9;
  /** LINKTYPE_C_HDLC: Cisco HDLC (address, control, EtherType). */
  public static final int C_HDLC = 104;
  public static final int RAW_12 = 12;
  /** Raw IP as written by old libpcap versions on OpenBSD (DLT_RAW = 14). */
  public static final int RAW_14 = 14;
  /** Raw IP, the version nibble tells IPv4 from IPv6. */
  public static final int RAW = 101;
  /** OpenBSD loopback: like {@link #NULL} but the family is in network byte order. */
  public static final int LOOP = 108;
  /** Linux "cooked" capture, version 1 (16-byte header). */
  public static final int LINUX_SLL = 113;
  /** Raw IPv4 only. */
  public static final int IPV4 = 228;
  /** Raw IPv6 only. */
  public static final int IPV6 = 229;
  /** Linux "cooked" capture, version 2 (20-byte header). */
  public static final int LINUX_SLL2 = 276;

  private LinkType() {}
}
