package io.medic.runtime.internal;

import akka.actor.ExtendedActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;

/**
 * INTERNAL API
 *
 * <p>The start-up check of the keys under {@code medic { }}: a key that no {@code reference.conf} on the
 * classpath defines — a misspelling such as {@code medic.call.default-timout} or
 * {@code medic.http.auth.user} — would otherwise be ignored without a word. Each one is reported once,
 * at its first unknown segment, with the known key nearest to it (edit distance over the whole path): a
 * WARN by default, a start-up error when {@code medic.strict-config = on}.
 *
 * <p>The known keys are those of the reference configuration (every module's {@code reference.conf}
 * merged), so a new module's keys are known as soon as it is on the classpath. Sections whose keys
 * are the user's to choose (a map of users, a dispatcher's or a mailbox's settings) are listed by
 * the module that owns them under {@code medic.open-sections} in its {@code reference.conf}, as
 * {@code "path.below.medic" = on}: nothing below them is checked. The check reads configuration only;
 * the values themselves are validated by each module's settings reader.
 */
public final class ConfigCheck {
    /** The section listing the open sections, itself a key of the reference configuration. */
    static final String OPEN_SECTIONS = "open-sections";
    private static final String ROOT = "medic";

    private ConfigCheck() {
    }

    /** One key under {@code medic} that no reference.conf defines, and the known key nearest to it. */
    public record UnknownKey(String key, String nearest) {
    }

    /** Checks the configuration of {@code system} against the reference.conf files of its class loader. */
    public static void check(ExtendedActorSystem system, Logger log) {
        check(system.settings().config(), ConfigFactory.defaultReference(system.dynamicAccess().classLoader()), log);
    }

    /**
     * Checks the keys under {@code medic} of {@code config} against {@code reference}: logs a warning
     * per unknown key on {@code log}, or, when {@code medic.strict-config} is on, throws an
     * {@link IllegalArgumentException} naming all of them.
     */
    public static void check(Config config, Config reference, Logger log) {
        List<UnknownKey> unknown = unknownKeys(config, reference);
        if (unknown.isEmpty()) {
            return;
        }
        boolean strict = config.hasPath("medic.strict-config") && config.getBoolean("medic.strict-config");
        if (strict) {
            List<String> problems = new ArrayList<>();
            for (UnknownKey u : unknown) {
                problems.add(printable(u.key()) + ": unknown key, expected one that a reference.conf defines; the"
                        + " nearest is " + u.nearest());
            }
            throw new IllegalArgumentException("invalid Medic configuration (medic.strict-config = on): "
                    + String.join("; ", problems));
        }
        for (UnknownKey u : unknown) {
            log.warn("{} is not a Medic setting and is ignored; did you mean {}? (medic.strict-config = on"
                    + " makes an unknown key an error)", printable(u.key()), u.nearest());
        }
    }

    /** The unknown keys under {@code medic} of {@code config}, in order of their paths. */
    public static List<UnknownKey> unknownKeys(Config config, Config reference) {
        if (!config.hasPath(ROOT) || !(config.getValue(ROOT) instanceof ConfigObject user)) {
            return List.of();
        }
        ConfigObject known = reference.hasPath(ROOT) && reference.getValue(ROOT) instanceof ConfigObject k ? k : null;
        List<String> unknown = new ArrayList<>();
        walk(user, known, ROOT, openSections(reference), unknown);
        List<String> candidates = new ArrayList<>();
        if (known != null) {
            paths(known, ROOT, candidates);
        }
        List<UnknownKey> out = new ArrayList<>();
        for (String key : unknown) {
            out.add(new UnknownKey(key, nearest(key, candidates)));
        }
        return out;
    }

    private static Set<String> openSections(Config reference) {
        Set<String> open = new TreeSet<>();
        String path = ROOT + "." + OPEN_SECTIONS;
        if (reference.hasPath(path)) {
            Config sections = reference.getConfig(path);
            for (String key : sections.root().keySet()) {
                if (sections.getBoolean(ConfigUtil.joinPath(key))) {
                    open.add(ROOT + "." + key);
                }
            }
        }
        return open;
    }

    /** Every path of {@code user} that {@code known} lacks, cut at its first unknown segment. */
    private static void walk(ConfigObject user, ConfigObject known, String path, Set<String> open, List<String> out) {
        for (String key : new TreeSet<>(user.keySet())) {
            String p = path + "." + key;
            if (open.contains(p)) {
                continue;
            }
            ConfigValue k = known == null ? null : known.get(key);
            if (k == null) {
                out.add(p);
            } else if (user.get(key) instanceof ConfigObject u && k instanceof ConfigObject ko) {
                walk(u, ko, p, open, out);
            }
            // a value where the reference has a section, or the reverse, is a bad value: the settings
            // reader of the module that owns the key names it
        }
    }

    /** Every section and key path below {@code object}, except the open-sections list itself. */
    private static void paths(ConfigObject object, String path, List<String> out) {
        for (String key : object.keySet()) {
            String p = path + "." + key;
            if (p.equals(ROOT + "." + OPEN_SECTIONS)) {
                continue;
            }
            out.add(p);
            if (object.get(key) instanceof ConfigObject child) {
                paths(child, p, out);
            }
        }
    }

    /**
     * The known path nearest to {@code key} by edit distance, its own sections excepted (they exist:
     * the key was cut at its first unknown segment); ties go to a sibling of the key, then to the
     * shorter path, then alphabetically.
     */
    static String nearest(String key, List<String> candidates) {
        String parent = key.substring(0, key.lastIndexOf('.'));
        return candidates.stream()
                .filter(c -> !key.startsWith(c + "."))
                .min(Comparator.<String>comparingInt(c -> distance(key, c))
                        .thenComparing(c -> !c.startsWith(parent + ".") || c.indexOf('.', parent.length() + 1) >= 0)
                        .thenComparingInt(String::length)
                        .thenComparing(Comparator.naturalOrder()))
                .orElse(ROOT);
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions turning a into b. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** The key with control characters shown as {@code \\uXXXX}: a key comes from the user's files. */
    private static String printable(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
