package io.medic.benchmarks;

/**
 * The three kinds of actor every benchmark compares, in the same run and the same ActorSystem
 * (a Medic {@link io.medic.runtime.Node}), on Akka's default dispatcher:
 *
 * <ul>
 *   <li>{@link #PLAIN}: a plain Akka Typed behaviour spawned with Akka's own API
 *       ({@code Adapter.spawn} or {@code ActorContext.spawn}); Akka's default typed mailbox;</li>
 *   <li>{@link #MEDIC_GENSERVER}: the same logic written as a Medic {@link io.medic.runtime.GenServer},
 *       messaged with {@code GenServer.cast};</li>
 *   <li>{@link #MEDIC_BEHAVIOR}: the very same plain behaviour as {@link #PLAIN}, spawned through
 *       {@link io.medic.runtime.Medic#spawn} (interceptor, counting mailbox, process-table entry).</li>
 * </ul>
 */
public enum Kind {
    PLAIN("plain"),
    MEDIC_GENSERVER("medicGenServer"),
    MEDIC_BEHAVIOR("medicBehavior");

    /** The value of the JMH parameter {@code kind}. */
    public final String param;

    Kind(String param) {
        this.param = param;
    }

    /** The kind named by a JMH {@code kind} parameter. */
    public static Kind of(String param) {
        return find(param).orElseThrow(() -> new IllegalArgumentException("kind: bad value '" + param
                + "', expected plain, medicGenServer or medicBehavior"));
    }

    /** The kind named by {@code param}, if it is one of the three (other benchmarks have kinds of their own). */
    public static java.util.Optional<Kind> find(String param) {
        for (Kind k : values()) {
            if (k.param.equals(param)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
