package io.medic.runtime;

import akka.actor.typed.ActorRef;
import java.util.concurrent.CompletionStage;

/**
 * A process just spawned: its pid and typed ref at once, and the outcome of its {@code init} later
 * (completed when the process acknowledges its start, like {@code proc_lib:init_ack}).
 *
 * @param pid         the process
 * @param ref         its typed actor ref
 * @param initialized completes once init has finished; never completes exceptionally
 * @param <T>         the process's message type
 */
public record Spawned<T>(Pid pid, ActorRef<T> ref, CompletionStage<InitResult> initialized) {
}
