/**
 * The SNMP agent of the meter (RFC 2720 §5): transports, communities and access control around an
 * SNMP4J-Agent engine. It reads the meter; the meter never knows about it, and nothing here
 * touches packet capture.
 */
package org.rtfm4j.agent;
