package io.medic.testing;

/**
 * A message (call or cast) that makes a test server wait at {@code gate} inside its handler: the process
 * is busy, its status running, its mailbox filling, until the test opens the gate.
 */
public record Block(Gate gate) {
}
