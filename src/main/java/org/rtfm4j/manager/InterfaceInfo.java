package org.rtfm4j.manager;

/**
 * One flowInterfaceTable row (RFC 2720): a meter interface.
 *
 * @param ifIndex the interface number
 * @param sampleRate flowInterfaceSampleRate: 1 in N packets counted, 0 for none
 * @param lostPackets flowInterfaceLostPackets (Counter32)
 */
public record InterfaceInfo(int ifIndex, int sampleRate, long lostPackets) {}
