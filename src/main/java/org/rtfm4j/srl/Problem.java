package org.rtfm4j.srl;

/** An error or warning found while compiling, at a place in the source. */
record Problem(Position at, String reason) {}
