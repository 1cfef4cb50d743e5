/**
 * The RTFM meter reader (RFC 2722 §5): collects a rule set's flows from meters as an SNMP client
 * of the Meter MIB (RFC 2720) and writes them as flow data files. {@link
 * org.rtfm4j.reader.MeterReader} registers in flowReaderInfoTable, begins each pass by writing
 * flowReaderLastTime (when that cannot lose data), reads the flows active since its last durable
 * pass through a TimeFilter index (RFC 4502) by flowDataPackageTable, flowColumnActivityTable or
 * flowDataTable, and commits each pass to disk before the next may begin; its class comment gives
 * the argument why a reader killed at any moment loses nothing and repeats nothing. Formats:
 * NeTraMet-style, the meter's flow CSV, JSON Lines. It knows the meter only by the MIB's numbers,
 * never by the meter's classes.
 */
package org.rtfm4j.reader;
