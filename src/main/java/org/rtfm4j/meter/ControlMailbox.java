package org.rtfm4j.meter;

import java.util.ArrayDeque;

/**
 * Control actions that only the packet thread may perform (changes to the flow table, which has
 * one writer), handed over from control threads (the SNMP agent).
 *
 * <p>While a packet thread runs ({@link #packetThreadStarted} .. {@link #packetThreadEnded}),
 * {@link #submit} queues the action and the packet thread runs it between two packets: before
 * each packet it reads one volatile flag ({@link #pending}) and, when set, {@link #runPending}
 * runs the queue. When no packet thread runs (no capture yet, or capture over and the meter only
 * serves), {@link #submit} runs the action at once on the calling thread. Both happen under one
 * lock, so an action is never lost when the packet thread ends with actions queued: ending runs
 * them before it lets control threads run actions themselves.
 */
final class ControlMailbox {
  private final Object lock = new Object();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  /** Guarded by {@link #lock}. */
  private boolean packetThread;
  /** Set while {@link #queue} is not empty; the packet thread's only per-packet cost. */
  private volatile boolean pending;

  /** True when actions wait for the packet thread; cheap enough to ask before every packet. */
  boolean pending() {
    return pending;
  }

  /** Packet thread: runs every queued action, in the order submitted. */
  void runPending() {
    synchronized (lock) {
      drain();
    }
  }

  /** Runs {@code action} on the packet thread, or now when there is none. */
  void submit(Runnable action) {
    synchronized (lock) {
      if (packetThread) {
        queue.add(action);
        pending = true;
      } else {
        action.run();
      }
    }
  }

  /** A thread is about to deliver packets; actions queue for it from now on. */
  void packetThreadStarted() {
    synchronized (lock) {
      if (packetThread) {
        throw new IllegalStateException("a packet thread is already running");
      }
      packetThread = true;
    }
  }

  /**
   * The packet thread delivered its last packet: it runs what is queued, then control threads
   * run actions themselves.
   */
  void packetThreadEnded() {
    synchronized (lock) {
      drain();
      packetThread = false;
    }
  }

  private void drain() {
    // An action that throws must not leave later ones queued forever: run them all, then rethrow.
    RuntimeException failure = null;
    for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
      try {
        r.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    pending = false;
    if (failure != null) {
      throw failure;
    }
  }
}
