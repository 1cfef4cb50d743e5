/**
 * What the manager and the meter reader share as SNMP clients of a meter (RFC 2722 §3): where a
 * meter is and how to reach it ({@link org.rtfm4j.client.MeterTarget}, SNMPv1/v2c communities or
 * SNMPv3 USM users as net-snmp's tools name them), a session that gets, sets and walks and says
 * what went wrong in plain words ({@link org.rtfm4j.client.MeterClient}), and the meter list file
 * both accept.
 */
package org.rtfm4j.client;
