package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.Node;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §3, across modules: the start-up check knows the keys of every reference.conf on the
 * classpath (runtime, supervision, introspection), and the open sections introspection declares.
 */
class ConfigKeysTest {

    private static List<String> warningsStarting(String name, String settings) {
        try (Expectation warnings = LogCapture.expect("WARN", "io.medic.runtime", "is not a Medic setting")) {
            Node.start(name, ConfigFactory.parseString(settings)).close();
            return warnings.messages();
        }
    }

    @Test
    void aMisspelledAuthSectionNamesTheUsersMap() {
        assertEquals(List.of("medic.http.auth.user is not a Medic setting and is ignored; did you mean"
                        + " medic.http.auth.users? (medic.strict-config = on makes an unknown key an error)"),
                warningsStarting("config-keys-auth", "medic.http.auth.user.ops { password = \"not-logged\", roles = [admin] }"));
    }

    @Test
    void theKeysOfEveryModuleAndTheOpenSectionsOfIntrospectionAreAccepted() {
        assertEquals(List.of(), warningsStarting("config-keys-modules", String.join("\n",
                "medic.strict-config = on",
                "medic.supervision.kill-grace = 2s",
                "medic.http.limits.max-limit = 500",
                "medic.http.auth.users.ops { password = \"secret\", roles = [admin] }",
                "medic.http.dispatcher.thread-pool-executor.core-pool-size-min = 2",
                "medic.call.default-timeout = 3s")));
    }
}
