package io.medic.introspection.internal;

import akka.actor.ExtendedActorSystem;
import akka.http.javadsl.model.HttpRequest;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.medic.introspection.MedicEndpoint;
import io.medic.introspection.MedicRequest;
import io.medic.introspection.MedicRoutesContext;
import io.medic.introspection.MedicRoutesExtension;
import io.medic.runtime.Node;
import io.medic.runtime.SettingsReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * INTERNAL API
 *
 * <p>The rows of the {@code /medic} route table that other modules contribute through the public SPI
 * ({@link MedicRoutesExtension}, {@link MedicEndpoint}): the extensions named under
 * {@code medic.http.extensions} are loaded (by name order), asked for their endpoints, checked against
 * every row before them (Medic's own first) so that none is shadowed, and turned into rows by
 * {@link RouteSupport#extension} — the same authentication, role, read-only switch, audit and JSON
 * errors as Medic's own rows. Every problem of the configuration or of the rows is reported at once,
 * naming the {@code medic.http.extensions} key, its value and what was expected. Stateless.
 */
final class Extensions {
    static final String PATH = "medic.http.extensions";
    private static final String EXPECTED = "expected the name of a class implementing "
            + MedicRoutesExtension.class.getName() + " with a public constructor taking a " + Node.class.getName()
            + " or none (or \"\" for none)";

    private Extensions() {
    }

    /** What an extension is given. */
    private record Context(String name, Node node, Executor executor, boolean readOnly, boolean authEnabled)
            implements MedicRoutesContext {
    }

    /** A request as an extension's handler sees it. */
    private record Request(String user, boolean isAdmin, String remoteAddress, Map<String, String> args,
                           Map<String, String> params, HttpRequest httpRequest) implements MedicRequest {
    }

    /**
     * The rows of every configured extension, to be tried after {@code before}.
     *
     * @throws IllegalArgumentException listing every bad entry of {@code medic.http.extensions} and every row
     *                                  that would be shadowed
     */
    static List<Endpoint> endpoints(RouteSupport support, Introspection services, List<Endpoint> before) {
        Config config = services.node.classicSystem().settings().config();
        SettingsReader r = new SettingsReader(config, PATH);
        Map<Endpoint, String> owners = new IdentityHashMap<>();
        List<Endpoint> table = new ArrayList<>(before);
        before.forEach(e -> owners.put(e, "Medic"));
        List<Endpoint> rows = new ArrayList<>();
        for (Map.Entry<String, String> ext : configured(config, r).entrySet()) {
            String name = ext.getKey();
            String owner = PATH + "." + name + " (" + ext.getValue() + ")";
            List<MedicEndpoint> endpoints = endpointsOf(name, ext.getValue(), services, support, r);
            for (MedicEndpoint e : endpoints) {
                Endpoint row = row(support, e);
                Endpoint shadow = shadowing(row, table);
                if (shadow != null) {
                    r.error(name, e.method() + " " + row.fullPath() + " would be shadowed by " + shadow.method() + " "
                            + shadow.fullPath() + " of " + owners.get(shadow) + ", tried before it: every request it "
                            + "matches would go there; expected a path no earlier row matches");
                    continue;
                }
                owners.put(row, owner);
                table.add(row);
                rows.add(row);
            }
        }
        r.throwIfInvalid("Medic HTTP extensions");
        return List.copyOf(rows);
    }

    /** The configured extensions by name, the turned-off ones ({@code ""}) left out. */
    private static Map<String, String> configured(Config config, SettingsReader r) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : config.getObject(PATH).entrySet()) {
            ConfigValue v = e.getValue();
            if (v.valueType() != ConfigValueType.STRING) {
                r.error(e.getKey(), "bad value " + v.render() + ", " + EXPECTED);
            } else if (!((String) v.unwrapped()).isBlank()) {
                out.put(e.getKey(), ((String) v.unwrapped()).trim());
            }
        }
        return out;
    }

    /** The endpoints of one extension; none (and an error recorded) if it cannot be made or asked. */
    private static List<MedicEndpoint> endpointsOf(String name, String className, Introspection services,
                                                   RouteSupport support, SettingsReader r) {
        String bad = "bad value '" + className + "': ";
        MedicRoutesExtension extension;
        try {
            ClassLoader loader = ((ExtendedActorSystem) services.node.classicSystem()).dynamicAccess().classLoader();
            Class<?> c = Class.forName(className, true, loader);
            if (!MedicRoutesExtension.class.isAssignableFrom(c)) {
                r.error(name, bad + "the class does not implement " + MedicRoutesExtension.class.getName() + "; " + EXPECTED);
                return List.of();
            }
            extension = (MedicRoutesExtension) construct(c, services.node);
        } catch (ClassNotFoundException e) {
            r.error(name, bad + "no such class on the classpath; " + EXPECTED);
            return List.of();
        } catch (LinkageError e) {
            r.error(name, bad + "the class cannot be loaded (" + e + ")");
            return List.of();
        } catch (NoSuchMethodException e) {
            r.error(name, bad + "the class has no public constructor taking a Node or none; " + EXPECTED);
            return List.of();
        } catch (InvocationTargetException e) {
            r.error(name, "'" + className + "': its constructor failed: " + e.getCause());
            return List.of();
        } catch (ReflectiveOperationException e) {
            r.error(name, bad + "cannot be constructed (" + e + "); " + EXPECTED);
            return List.of();
        }
        List<MedicEndpoint> endpoints;
        try {
            endpoints = extension.endpoints(new Context(name, services.node, services.executor, support.readOnly(),
                    support.auth().enabled()));
        } catch (RuntimeException e) {
            r.error(name, "'" + className + "': its endpoints(context) failed: " + e);
            return List.of();
        }
        if (endpoints == null || endpoints.stream().anyMatch(java.util.Objects::isNull)) {
            r.error(name, bad + "its endpoints(context) returned a null list or a null endpoint; expected endpoints");
            return List.of();
        }
        return endpoints;
    }

    private static Object construct(Class<?> c, Node node) throws ReflectiveOperationException {
        try {
            Constructor<?> withNode = c.getConstructor(Node.class);
            return withNode.newInstance(node);
        } catch (NoSuchMethodException e) {
            return c.getConstructor().newInstance();
        }
    }

    /** The row of one endpoint: its arguments named, its handler's checked exceptions unchecked. */
    private static Endpoint row(RouteSupport support, MedicEndpoint e) {
        List<String> names = e.argumentNames();
        return support.extension(e.method(), e.path(), e.docs(), e.action(), e.longestWait(), (req, http) -> {
            Map<String, String> args = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                args.put(names.get(i), req.args().get(i));
            }
            BasicAuth.Principal who = req.caller().principal();
            Request request = new Request(who.name(), who.isAdmin(), req.caller().remote(),
                    Collections.unmodifiableMap(args), Map.copyOf(req.params()), http);
            try {
                return e.handler().handle(request);
            } catch (RuntimeException | Error x) {
                throw x;
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw new CompletionException(x);
            } catch (Exception x) {
                throw new CompletionException(x);
            }
        });
    }

    /** The first row of {@code table} that matches a request {@code row} matches, with the same method; or null. */
    static Endpoint shadowing(Endpoint row, List<Endpoint> table) {
        for (Endpoint t : table) {
            if (t.method().equals(row.method()) && overlap(t.segments(), 0, row.segments(), 0)) {
                return t;
            }
        }
        return null;
    }

    /** Whether some path matches both {@code a} (from {@code i}) and {@code b} (from {@code j}). */
    private static boolean overlap(List<String> a, int i, List<String> b, int j) {
        boolean aEnd = i == a.size();
        boolean bEnd = j == b.size();
        if (aEnd && bEnd) {
            return true;
        }
        if ((!aEnd && Endpoint.isRest(a.get(i))) || (!bEnd && Endpoint.isRest(b.get(j)))) {
            return true; // the rest of the path matches whatever the other's remainder matches, nothing included
        }
        if (aEnd || bEnd) {
            return false;
        }
        String x = a.get(i);
        String y = b.get(j);
        return (Endpoint.isArgument(x) || Endpoint.isArgument(y) || x.equals(y)) && overlap(a, i + 1, b, j + 1);
    }
}
