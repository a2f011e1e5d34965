package io.medic.cli.internal;

/**
 * INTERNAL API. What every command finds at the root of the command line ({@code medic}): its
 * environment and the global connection options.
 */
public interface CliContext {
    Env env();

    ConnectionOptions connection();
}
