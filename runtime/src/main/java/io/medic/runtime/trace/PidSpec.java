package io.medic.runtime.trace;

import io.medic.runtime.Pid;
import io.medic.runtime.internal.Globs;
import java.util.Objects;

/**
 * Which processes a trace session follows: recon_trace's pid specification ({@code {pid, PidSpec}}:
 * {@code all}, {@code new}, {@code existing}, a pid or a registered name), plus globs on registered
 * names and on behaviour classes, which a message-passing runtime needs where recon matches modules.
 * Immutable.
 *
 * <ul>
 *   <li>{@link #of(Pid)}: that process, for as long as it lives (a pid names one incarnation);</li>
 *   <li>{@link #name(String)}: the process registered under the name when the session starts, and every
 *       process started under that name while it runs — a supervisor's restart of the child included;</li>
 *   <li>{@link #names(String)}: every process whose registered name matches a glob;</li>
 *   <li>{@link #behaviour(String)}: every process whose behaviour class ({@code initial_call}) matches a
 *       class name or a glob;</li>
 *   <li>{@link Scope#EXISTING}, {@link Scope#NEW}, {@link Scope#ALL}: the processes alive when the session
 *       starts, those started while it runs, or both.</li>
 * </ul>
 *
 * <p>A glob is matched against the whole name: {@code *} stands for any run of characters (none
 * included), {@code ?} for exactly one. Globs and the three scopes are <em>wide</em>: a session using one
 * needs a message filter ({@link TraceSpec#withMessages}), and none of them selects Medic's own processes
 * (see {@link Trace}).
 */
public sealed interface PidSpec permits PidSpec.Of, PidSpec.Name, PidSpec.Names, PidSpec.Behaviour, PidSpec.Scope {

    /** One process: recon's {@code {pid, Pid}}. */
    static PidSpec of(Pid pid) {
        return new Of(pid);
    }

    /** The process registered as {@code name}, and the processes started under that name later. */
    static PidSpec name(String name) {
        return new Name(name);
    }

    /** Every process whose registered name matches {@code glob} ({@code Al*}). */
    static PidSpec names(String glob) {
        return new Names(glob);
    }

    /** Every process whose behaviour class matches {@code classOrGlob} ({@code com.shop.Cart}, {@code com.shop.*}). */
    static PidSpec behaviour(String classOrGlob) {
        return new Behaviour(classOrGlob);
    }

    /** True for the specs that can select processes nobody named: the scopes and the globs. */
    boolean wide();

    /** One process, by pid. */
    record Of(Pid pid) implements PidSpec {
        public Of {
            Objects.requireNonNull(pid, "pid");
        }

        @Override
        public boolean wide() {
            return false;
        }

        @Override
        public String toString() {
            return pid.toString();
        }
    }

    /** The process registered under {@code name} now, and those started under it while the session runs. */
    record Name(String name) implements PidSpec {
        public Name {
            Globs.requireText("processes", "name", name);
        }

        @Override
        public boolean wide() {
            return false;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every process whose registered name matches a glob. A glob without {@code *} or {@code ?} is a name. */
    record Names(String glob) implements PidSpec {
        public Names {
            Globs.requireText("processes", "name glob", glob);
        }

        @Override
        public boolean wide() {
            return Globs.isGlob(glob);
        }

        @Override
        public String toString() {
            return "names " + glob;
        }
    }

    /** Every process whose behaviour class ({@code initial_call}) matches a class name or a glob. */
    record Behaviour(String pattern) implements PidSpec {
        public Behaviour {
            Globs.requireText("processes", "class", pattern);
        }

        @Override
        public boolean wide() {
            return Globs.isGlob(pattern);
        }

        @Override
        public String toString() {
            return "class " + pattern;
        }
    }

    /** recon's {@code existing}, {@code new} and {@code all}. */
    enum Scope implements PidSpec {
        /** The processes alive when the session starts. */
        EXISTING,
        /** The processes started while the session runs. */
        NEW,
        /** Both. */
        ALL;

        @Override
        public boolean wide() {
            return true;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
