/** The {@code rtfm} command line: parses options and wires sources, meter and outputs. */
package org.rtfm4j.cli;
