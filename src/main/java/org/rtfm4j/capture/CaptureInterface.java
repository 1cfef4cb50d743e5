package org.rtfm4j.capture;

/**
 * A meter interface: where packets were observed (RFC 2722 §3.1 INTERFACE NUMBER).
 *
 * @param number 1-origin interface number, the SourceInterface/DestInterface attribute value
 * @param name interface or file name
 * @param linkType LINKTYPE_* number of its frames
 */
public record CaptureInterface(int number, String name, int linkType) {}
