package io.medic.cluster.internal;

/**
 * INTERNAL API
 *
 * <p>One registration of a global name, an element of the registry's replicated map: the process (its
 * node's address and incarnation, its number, its actor's path), when it was registered (by the clock
 * of the node that registered it), and the rule to apply if the name turns out to be registered twice.
 * Immutable; equal when every field is.
 */
public record GlobalEntry(String node, long incarnation, long number, String ref, long registeredAt, String conflict)
        implements Wire.Control {

    /** The conflict rule's order: the first registered wins, then the lower node address, then the lower pid number. */
    static final java.util.Comparator<GlobalEntry> WINNER_FIRST = java.util.Comparator
            .comparingLong(GlobalEntry::registeredAt)
            .thenComparing(GlobalEntry::node)
            .thenComparingLong(GlobalEntry::number);
}
