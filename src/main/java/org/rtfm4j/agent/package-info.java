/**
 * The SNMP agent of the meter (RFC 2720 §5): transports, SNMPv1/v2c communities, SNMPv3 USM users
 * and VACM access control (from an snmpd.conf-style file, {@link org.rtfm4j.agent.AgentConfigFile})
 * around an SNMP4J-Agent engine. It reads the meter; the meter never knows about it, and nothing
 * here touches packet capture.
 */
package org.rtfm4j.agent;
