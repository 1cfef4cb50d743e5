package org.rtfm4j.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An SNMP agent configuration file in a subset of net-snmp's snmpd.conf vocabulary, with the same
 * meanings, so an operator can copy lines (see examples/snmp.conf):
 *
 * <pre>
 * agentAddress [udp:|udp6:]HOST:PORT | [udp:]PORT      (--snmp wins; a bare port: every interface)
 * sysContact|sysName|sysLocation TEXT
 * view NAME included|excluded SUBTREE [MASK]
 * com2sec [-Cn ""] SECNAME SOURCE COMMUNITY
 * group GROUP v1|v2c|usm SECNAME
 * access GROUP "" any|v1|v2c|usm noauth|auth|priv exact|prefix READ WRITE NOTIFY
 * rocommunity|rwcommunity COMMUNITY [SOURCE [SUBTREE | -V VIEW [""]]]
 * createUser NAME SHA|SHA-224|SHA-256|SHA-384|SHA-512|MD5 PASS [AES|AES-192|AES-256|DES [PASS]]
 * rouser|rwuser [-s usm] NAME [noauth|auth|priv [SUBTREE | -V VIEW [""]]]
 * allowInsecureProtocols yes|no                        (rtfm4j's own; MD5 and DES need yes)
 * </pre>
 *
 * <p>SOURCE is default, localhost, ADDRESS, ADDRESS/PREFIX or IPv4/MASK; SUBTREE is a dotted OID
 * or a Meter MIB name ({@code flowReaderInfoTable}); a view named none grants nothing. The file is
 * read whole and refused whole: every problem is reported as FILE:LINE:COLUMN: reason and
 * nothing of a refused file is used.
 */
public final class AgentConfigFile {

  private final InetSocketAddress address;
  private final String sysContact;
  private final String sysName;
  private final String sysLocation;
  private final AccessControl access;
  private final List<String> warnings;

  private AgentConfigFile(InetSocketAddress address, String sysContact, String sysName,
      String sysLocation, AccessControl access, List<String> warnings) {
    this.address = address;
    this.sysContact = sysContact;
    this.sysName = sysName;
    this.sysLocation = sysLocation;
    this.access = access;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Reads and checks {@code file} (UTF-8).
   *
   * @throws IOException when it cannot be read
   * @throws AgentConfigException with every problem found when it is refused
   */
  public static AgentConfigFile read(Path file) throws IOException, AgentConfigException {
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new AgentConfigException(List.of(file + ":1:1: not UTF-8 text"));
    }
    AgentConfigFile parsed = parse(file.toString(), text);
    if (parsed.holdsSecrets() && readableByOthers(file)) {
      List<String> w = new ArrayList<>(parsed.warnings);
      w.add(file + ": holds communities or passphrases and other users can read it: chmod 600 it"
          + " (RFC 3414 §11.2)");
      return new AgentConfigFile(parsed.address, parsed.sysContact, parsed.sysName,
          parsed.sysLocation, parsed.access, w);
    }
    return parsed;
  }

  /**
   * Checks {@code text} as the content of a file named {@code name} (used in messages).
   *
   * @throws AgentConfigException with every problem found when it is refused
   */
  public static AgentConfigFile parse(String name, String text) throws AgentConfigException {
    ConfigFileParser p = new ConfigFileParser(name);
    p.parse(text);
    List<String> problems = p.problems();
    if (!problems.isEmpty()) {
      throw new AgentConfigException(problems);
    }
    return new AgentConfigFile(p.address(), p.sysContact(), p.sysName(), p.sysLocation(),
        p.access(), p.warnings());
  }

  /** agentAddress, if the file says one; {@code --snmp} overrides it. */
  public Optional<InetSocketAddress> address() {
    return Optional.ofNullable(address);
  }

  /** The communities, users and views the file defines. */
  public AccessControl access() {
    return access;
  }

  /** Things that work but are probably not meant, one line each with file and line. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * {@code base} with this file's access control, and its address and system strings where the
   * file gives them.
   */
  public AgentConfig applyTo(AgentConfig base) {
    return new AgentConfig(
        address == null ? base.address() : address,
        base.rwCommunity(),
        base.version(),
        sysContact == null ? base.sysContact() : sysContact,
        sysName == null ? base.sysName() : sysName,
        sysLocation == null ? base.sysLocation() : sysLocation,
        access);
  }

  private boolean holdsSecrets() {
    return !access.communities().isEmpty() || !access.users().isEmpty();
  }

  private static boolean readableByOthers(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      return perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_READ);
    } catch (IOException | UnsupportedOperationException e) {
      // No POSIX permissions (another file system): nothing to say.
      return false;
    }
  }
}
