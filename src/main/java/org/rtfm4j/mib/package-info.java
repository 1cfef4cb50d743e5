/**
 * The Meter MIB (RFC 2720) served from a live {@link org.rtfm4j.meter.Meter}: SNMP4J-Agent managed
 * objects that read the meter on every request and change it only in a SET's commit phase.
 * {@link org.rtfm4j.mib.FlowMeterMib} serves the flowControl scalars;
 * {@link org.rtfm4j.mib.FlowControlTables} the control tables (rule sets and their rules,
 * interfaces, readers, tasks), whose SETs are checked and applied across all five tables at once.
 */
package org.rtfm4j.mib;
