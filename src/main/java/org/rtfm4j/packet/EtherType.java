package org.rtfm4j.packet;

/** EtherType values (IEEE 802 numbers registry) that the decoder acts on. */
public final class EtherType {
  /** Type/length values up to this one are 802.3 lengths, not types (IEEE 802.3 §3.2.6). */
  public static final int MAX_802_3_LENGTH = 1500;
  /** Smallest value that is an EtherType. */
  public static final int MIN_ETHERTYPE = 0x0600;

  public static final int IPV4 = 0x0800;
  public static final int ARP = 0x0806;
  /** IEEE 802.1Q customer VLAN tag. */
  public static final int VLAN = 0x8100;
  public static final int IPV6 = 0x86DD;
  public static final int MPLS_UNICAST = 0x8847;
  public static final int MPLS_MULTICAST = 0x8848;
  /** PPPoE discovery stage (RFC 2516): never carries IP. */
  public static final int PPPOE_DISCOVERY = 0x8863;
  /** PPPoE session stage (RFC 2516). */
  public static final int PPPOE_SESSION = 0x8864;
  /** Cisco VN-Tag: 4 octets after the EtherType, then the next EtherType. */
  public static final int VN_TAG = 0x8926;
  /** IEEE 802.1BR E-TAG: 6 octets after the EtherType, then the next EtherType. */
  public static final int E_TAG = 0x893F;
  /** IEEE 802.1ad service VLAN tag. */
  public static final int QINQ_8021AD = 0x88A8;
  /** Pre-standard QinQ service tag used by several switch vendors. */
  public static final int QINQ_9100 = 0x9100;

  private EtherType() {}
}
