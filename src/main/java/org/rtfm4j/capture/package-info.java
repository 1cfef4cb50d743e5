/**
 * Packet sources: the input of the RFC 2722 §4.1 meter's packet processor. Capture files (pcap,
 * pcapng) are read through our own memory-mapped reader; live interfaces through pcap4j, which no
 * other package may import. Link-layer headers are passed through undecoded with their LINKTYPE_*
 * number.
 */
package org.rtfm4j.capture;
