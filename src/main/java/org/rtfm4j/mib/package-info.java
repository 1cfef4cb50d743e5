/**
 * The Meter MIB (RFC 2720) served from a live {@link org.rtfm4j.meter.Meter}: SNMP4J-Agent managed
 * objects that read the meter on every request and change it only in a SET's commit phase.
 */
package org.rtfm4j.mib;
