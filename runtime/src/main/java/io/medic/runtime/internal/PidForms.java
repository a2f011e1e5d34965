package io.medic.runtime.internal;

import io.medic.runtime.BadProcessReferenceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL API
 *
 * <p>Parses the process reference forms {@code recon:info/1} accepts, and validates registered names.
 */
public final class PidForms {
    private static final Pattern PID = Pattern.compile("<?(\\d{1,18})\\.(\\d{1,18})\\.(\\d{1,18})>?");
    private static final String EXPECTED =
            "expected <0.N.0>, 0.N.0, <0.N.0>@node, a registered name or an actor path (akka://system/user/... or /user/...)";

    private PidForms() {
    }

    /** A parsed reference. */
    public sealed interface Ref {
    }

    public record ByNumber(long number) implements Ref {
    }

    public record ByPath(String path) implements Ref {
    }

    public record ByName(String name) implements Ref {
    }

    /** {@code <0.N.0>@node}: a process of {@code node} (maybe this one). */
    public record ByRemote(String node, long number) implements Ref {
    }

    public static Ref parse(String s) {
        if (s == null) {
            throw new BadProcessReferenceException(null, "process reference: bad value null, " + EXPECTED);
        }
        String t = s.trim();
        if (t.isEmpty()) {
            throw new BadProcessReferenceException(s, "process reference: bad value '', " + EXPECTED);
        }
        if (t.startsWith("akka://") || t.startsWith("akka:") || t.startsWith("/")) {
            return new ByPath(t);
        }
        int at = t.indexOf('@');
        if (at > 0 && PID.matcher(t.substring(0, at)).matches()) {
            return remote(s, t.substring(0, at), t.substring(at + 1));
        }
        boolean angled = t.startsWith("<") || t.endsWith(">");
        Matcher m = PID.matcher(t);
        if (m.matches() && (!angled || (t.startsWith("<") && t.endsWith(">")))) {
            if (!m.group(1).equals("0") || !m.group(3).equals("0")) {
                throw new BadProcessReferenceException(s, "process reference: bad value '" + s
                        + "', a pid is <0.N.0> (this node) or <0.N.0>@node (a process of another node)");
            }
            return new ByNumber(Long.parseLong(m.group(2)));
        }
        if (angled || t.matches("[0-9.]+")) {
            throw new BadProcessReferenceException(s, "process reference: bad pid '" + s + "', " + EXPECTED);
        }
        validateName(t);
        return new ByName(t);
    }

    /** {@code <0.N.0>@node} or {@code 0.N.0@node}; the pid part has matched {@link #PID}. */
    private static Ref remote(String s, String pid, String node) {
        boolean angled = pid.startsWith("<") || pid.endsWith(">");
        Matcher m = PID.matcher(pid);
        if (!m.matches() || angled && !(pid.startsWith("<") && pid.endsWith(">"))
                || !m.group(1).equals("0") || !m.group(3).equals("0")) {
            throw new BadProcessReferenceException(s, "process reference: bad pid '" + s
                    + "', expected <0.N.0>@node or 0.N.0@node");
        }
        if (node.isEmpty() || node.length() > 255) {
            throw new BadProcessReferenceException(s, "process reference: bad node in '" + s
                    + "', expected 1 to 255 characters after the @ (host:port, e.g. <0.42.0>@127.0.0.1:25520)");
        }
        for (int i = 0; i < node.length(); i++) {
            char c = node.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '@' || c == '/' || c == '<' || c == '>') {
                throw new BadProcessReferenceException(s, "process reference: bad node in '" + s
                        + "', expected host:port after the @ (e.g. <0.42.0>@127.0.0.1:25520), found '" + c
                        + "' at index " + i + " of the node");
            }
        }
        return new ByRemote(node, Long.parseLong(m.group(2)));
    }

    public static void validateName(String name) {
        if (name == null) {
            throw new BadProcessReferenceException(null, "name: bad value null, expected 1 to 255 printable characters");
        }
        String problem = null;
        if (name.isEmpty() || name.length() > 255) {
            problem = "expected 1 to 255 characters, got " + name.length();
        } else if (name.startsWith("<") || name.startsWith("/")) {
            problem = "a name cannot start with '<' or '/' (those are pid and path forms)";
        } else if (name.contains("://")) {
            problem = "a name cannot contain '://' (that is an actor path)";
        } else if (PID.matcher(name).matches()) {
            problem = "a name cannot look like a pid (A.B.C)";
        } else if (name.indexOf('@') > 0 && PID.matcher(name.substring(0, name.indexOf('@'))).matches()) {
            problem = "a name cannot look like a pid of another node (A.B.C@node)";
        } else {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                    problem = "a name cannot contain whitespace or control characters (at index " + i + ")";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new BadProcessReferenceException(name, "name: bad value '" + name + "', " + problem);
        }
    }

    /** The pid number encoded in a Medic actor name ({@code something-N}), or -1. */
    public static long numberFromActorName(String actorName) {
        int dash = actorName.lastIndexOf('-');
        if (dash < 0 || dash == actorName.length() - 1 || actorName.length() - dash > 19) {
            return -1;
        }
        long n = 0;
        for (int i = dash + 1; i < actorName.length(); i++) {
            char c = actorName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** A Medic actor name for a process: a readable prefix plus its pid number, unique among siblings. */
    public static String actorName(String prefix, long number) {
        StringBuilder b = new StringBuilder(prefix.length() + 12);
        for (int i = 0; i < prefix.length() && b.length() < 64; i++) {
            char c = prefix.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '~';
            b.append(ok ? c : '_');
        }
        if (b.length() == 0) {
            b.append('p');
        }
        return b.append('-').append(number).toString();
    }
}
