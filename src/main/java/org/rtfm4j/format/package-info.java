/**
 * Text forms of flow records shared by the meter and the meter reader: the flow CSV's columns and
 * value formats, and the line buffer that writes them without allocating per value.
 */
package org.rtfm4j.format;
