package org.rtfm4j.agent;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import org.rtfm4j.agent.AccessControl.Access;
import org.rtfm4j.agent.AccessControl.Community;
import org.rtfm4j.agent.AccessControl.Group;
import org.rtfm4j.agent.AccessControl.Source;
import org.rtfm4j.agent.AccessControl.User;
import org.rtfm4j.agent.AccessControl.View;
import org.snmp4j.agent.AgentConfigManager;
import org.snmp4j.agent.mo.MOTable;
import org.snmp4j.agent.mo.MOTableRow;
import org.snmp4j.agent.mo.snmp.SnmpCommunityMIB;
import org.snmp4j.agent.mo.snmp.SnmpTargetMIB;
import org.snmp4j.agent.mo.snmp.StorageType;
import org.snmp4j.agent.mo.snmp.TransportDomains;
import org.snmp4j.agent.mo.snmp.VacmMIB;
import org.snmp4j.agent.security.MutableVACM;
import org.snmp4j.security.AuthenticationProtocol;
import org.snmp4j.security.PrivacyProtocol;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;

/**
 * Puts an {@link AccessControl} into a running SNMP4J-Agent: view tree families, groups and
 * access entries into the VACM (RFC 3415), communities into the community table with their
 * source filters (RFC 3584 §5.2.1), and users into the USM with keys localized to this engine
 * (RFC 3414 §2.6). Every row is readOnly: no SET can change what the file said.
 */
final class AccessInstaller {
  /** snmpCommunityIndex values keep the file order, which is the order sources are tried. */
  private static final String COMMUNITY_INDEX = "rtfm4j-%04d";
  private static final String SOURCE_TAG = "rtfm4jSource%04d";
  /** RFC 3417 §2: the largest message any SNMP engine must accept; a filter row needs an MMS. */
  private static final int MAX_MESSAGE_SIZE = 65_507;
  /** snmpTargetAddrTimeout/RetryCount: unused for a source filter, but the row needs them. */
  private static final int UNUSED_TIMEOUT = 1500;
  private static final int UNUSED_RETRIES = 0;
  private static final int UDP_PORT_OCTETS = 2;

  private AccessInstaller() {}

  /** Installs everything into {@code m}, which must be initialized and not yet running. */
  static void install(AccessControl ac, AgentConfigManager m, OctetString engineId) {
    VacmMIB vacm = m.getVacmMIB();
    for (View v : ac.views()) {
      vacm.addViewTreeFamily(text(v.name()), v.subtree(), v.mask(),
          v.included() ? VacmMIB.vacmViewIncluded : VacmMIB.vacmViewExcluded,
          StorageType.readOnly);
    }
    installCommunities(ac, m);
    for (Group g : ac.groups()) {
      vacm.addGroup(g.model().number(), text(g.securityName()), text(g.group()),
          StorageType.readOnly);
    }
    for (Access a : ac.access()) {
      vacm.addAccess(text(a.group()), text(a.context()), a.model().number(), a.level().number(),
          a.prefixMatch() ? MutableVACM.VACM_MATCH_PREFIX : MutableVACM.VACM_MATCH_EXACT,
          text(a.readView()), text(a.writeView()), text(a.notifyView()), StorageType.readOnly);
    }
    SecurityProtocols protocols = m.getSecurityProtocols();
    for (User u : ac.users()) {
      addUser(m, protocols, engineId, u);
    }
  }

  private static void installCommunities(AccessControl ac, AgentConfigManager m) {
    SnmpCommunityMIB communities = m.getSnmpCommunityMIB();
    SnmpTargetMIB targets = m.getSnmpTargetMIB();
    boolean filtering = false;
    int n = 0;
    for (Community c : ac.communities()) {
      n++;
      OctetString tag = new OctetString();
      if (c.source() != null) {
        tag = new OctetString(String.format(SOURCE_TAG, n));
        addSourceFilter(communities, targets, tag, c.source());
        filtering = true;
      }
      communities.addSnmpCommunityEntry(
          new OctetString(String.format(COMMUNITY_INDEX, n)),
          text(c.community()),
          text(c.securityName()),
          m.getCommandProcessor().getContextEngineID(),
          text(AccessControl.DEFAULT_CONTEXT),
          tag,
          StorageType.readOnly);
    }
    // Without a source anywhere, filtering stays off: an empty tag means "from anywhere" anyway.
    communities.setSourceAddressFiltering(filtering);
  }

  /**
   * RFC 3584 §5.2.1: a community whose snmpCommunityTransportTag is set is accepted only from
   * the addresses of the snmpTargetAddrTable rows carrying that tag, compared under
   * snmpTargetAddrTMask. The address is a TAddress (address octets then the port); the mask
   * covers the network prefix and never the port, which a manager picks at random.
   */
  private static void addSourceFilter(SnmpCommunityMIB communities, SnmpTargetMIB targets,
      OctetString tag, Source source) {
    byte[] ip = source.address().getAddress();
    byte[] taddress = new byte[ip.length + UDP_PORT_OCTETS];
    System.arraycopy(ip, 0, taddress, 0, ip.length);
    byte[] mask = new byte[taddress.length];
    for (int bit = 0; bit < source.prefixLength(); bit++) {
      mask[bit / Byte.SIZE] |= (byte) (0x80 >>> (bit % Byte.SIZE));
    }
    OID domain = source.address() instanceof Inet4Address
        ? TransportDomains.transportDomainUdpIpv4
        : TransportDomains.transportDomainUdpIpv6;
    targets.addTargetAddress(tag, domain, new OctetString(taddress), UNUSED_TIMEOUT,
        UNUSED_RETRIES, tag, new OctetString(), StorageType.readOnly);
    // The extension row (snmpTargetAddrExtTable AUGMENTS snmpTargetAddrEntry) carries the mask.
    @SuppressWarnings("unchecked")
    MOTable<MOTableRow, ?, ?> ext = communities.getSnmpTargetAddrExtEntry();
    OID index = tag.toSubIndex(true);
    MOTableRow row = ext.getModel().getRow(index);
    if (row instanceof SnmpCommunityMIB.SnmpTargetAddrExtEntryRow r) {
      r.setSnmpTargetAddrTMask(new OctetString(mask));
      r.setSnmpTargetAddrMMS(new Integer32(MAX_MESSAGE_SIZE));
    } else {
      ext.addNewRow(index, new Variable[] {new OctetString(mask),
          new Integer32(MAX_MESSAGE_SIZE)});
    }
  }

  /**
   * RFC 3414 §2.6 and §11.2: the USM gets only keys localized to this engine ID, never the
   * passphrases, so the keys are useless against any other engine.
   */
  private static void addUser(AgentConfigManager m, SecurityProtocols protocols,
      OctetString engineId, User u) {
    OID authId = UsmProtocols.authId(u.auth());
    AuthenticationProtocol auth = protocols.getAuthenticationProtocol(authId);
    byte[] authKey = protocols.passwordToKey(authId, text(u.authPassphrase()),
        engineId.getValue());
    OID privId = null;
    byte[] privKey = null;
    if (u.priv() != null) {
      privId = UsmProtocols.privId(u.priv());
      PrivacyProtocol priv = protocols.getPrivacyProtocol(privId);
      // Keys longer than the hash are extended as net-snmp does (draft-blumenthal-aes-usm-04).
      privKey = SecurityProtocols.passwordToKey(priv, auth, text(u.privPassphrase()),
          engineId.getValue());
    }
    m.getUsm().addLocalizedUser(engineId.getValue(), text(u.name()), authId, authKey, privId,
        privKey);
  }

  /** Names, communities and passphrases as UTF-8 octets, whatever the platform charset. */
  private static OctetString text(String s) {
    return new OctetString(s.getBytes(StandardCharsets.UTF_8));
  }
}
