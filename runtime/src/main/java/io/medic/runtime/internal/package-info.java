/**
 * INTERNAL API: the runtime's implementation, used by {@code io.medic.runtime} and by nothing outside
 * the runtime module. The node's services ({@code NodeServices}), the process record and the process's
 * own handle on it ({@code ProcessRecord}, {@code ProcessCore}, whose accessors state their memory
 * order), the wrapper that runs a plain behaviour as a process ({@code PlainProcess}), the counting
 * mailbox and its queue, sys debugging, the process table and registry, and {@code AkkaInternals}, the
 * one class that depends on Akka 2.6.21's internals.
 */
package io.medic.runtime.internal;
