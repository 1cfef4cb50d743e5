/**
 * The meter of RFC 2722 §4: the packet processor that drives decode, match and count for every
 * packet, tasks with current and standby rule sets, the flood mark and high-water marks (§4.6),
 * interface sampling, meter time and the statistics of what happened to every packet.
 */
package org.rtfm4j.meter;
