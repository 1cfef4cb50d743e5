/**
 * The RTFM manager (RFC 2722 §3): controls meters through the Meter MIB's control tables (RFC
 * 2720) as an SNMP client. {@link org.rtfm4j.manager.Manager} downloads rule sets (created,
 * written in batches, read back, activated) and runs them as tasks, stops and deletes them, and
 * sets the flow table controls; {@link org.rtfm4j.manager.MeterTables} reads the tables into
 * records. It knows the MIB by its published numbers ({@link org.rtfm4j.manager.FlowMib}), never
 * the meter's classes.
 */
package org.rtfm4j.manager;
