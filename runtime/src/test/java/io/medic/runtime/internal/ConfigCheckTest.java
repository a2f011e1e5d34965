package io.medic.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.runtime.internal.ConfigCheck.UnknownKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up check of {@code medic.*} keys on its own: the known keys are those of the reference
 * configuration however many modules contribute to it, open sections come from the reference too, and
 * the nearest key is the one at the smallest edit distance.
 */
class ConfigCheckTest {
    /** Two modules' reference.conf files, merged as ConfigFactory.defaultReference() merges them. */
    private static final Config REFERENCE = ConfigFactory.parseString(String.join("\n",
            "medic { call.default-timeout = 5s, open-sections { \"mailbox\" = on }, mailbox.mailbox-type = x }"))
            .withFallback(ConfigFactory.parseString(String.join("\n",
                    "medic.open-sections { \"http.auth.users\" = on }",
                    "medic.http { limits { default-limit = 10, max-limit = 1000 }, auth { realm = medic, users {} } }")));

    private static List<UnknownKey> unknown(String user) {
        return ConfigCheck.unknownKeys(ConfigFactory.parseString(user).withFallback(REFERENCE).resolve(), REFERENCE);
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, ConfigCheck.distance("medic", "medic"));
        assertEquals(3, ConfigCheck.distance("kitten", "sitting"));
        assertEquals(1, ConfigCheck.distance("medic.call.default-timout", "medic.call.default-timeout"));
        assertEquals(1, ConfigCheck.distance("medic.http.auth.user", "medic.http.auth.users"));
        assertEquals(5, ConfigCheck.distance("", "abcde"));
        assertEquals(5, ConfigCheck.distance("abcde", ""));
    }

    @Test
    void everyModulesKeysAreKnownAndEachUnknownKeyGetsItsNearest() {
        assertEquals(List.of(), unknown("medic.http.limits.max-limit = 5\nmedic.call.default-timeout = 1s"));
        assertEquals(List.of(new UnknownKey("medic.http.auth.user", "medic.http.auth.users"),
                        new UnknownKey("medic.http.limits.max-limt", "medic.http.limits.max-limit")),
                unknown("medic.http.auth.user.ops.password = secret\nmedic.http.limits.max-limt = 5"));
    }

    @Test
    void openSectionsOfEveryModuleAcceptAnyKeyBelowThem() {
        assertEquals(List.of(), unknown(String.join("\n",
                "medic.http.auth.users.ops { password = x, roles = [admin] }",
                "medic.mailbox.mailbox-capacity = 100")));
        List<UnknownKey> near = unknown("medic.open-sectionz = 1");
        assertEquals(1, near.size());
        assertFalse(near.get(0).nearest().startsWith("medic.open-sections"), "the list of open sections is"
                + " metadata of the modules, never suggested: " + near);
    }

    @Test
    void theNearestKeyIsNeverAnAncestorAndTiesGoToASibling() {
        // medic.call and medic.call.default-timeout are both 8 edits away from medic.call.timeout:
        // medic.call contains the key, so the sibling is named
        assertEquals(List.of(new UnknownKey("medic.call.timeout", "medic.call.default-timeout")),
                unknown("medic.call.timeout = 1s"));
        assertEquals("medic.http", ConfigCheck.nearest("medic.htp", List.of("medic.call", "medic.http", "medic.http.auth")));
    }

    @Test
    void aConfigWithoutMedicKeysHasNothingUnknown() {
        assertEquals(List.of(), ConfigCheck.unknownKeys(ConfigFactory.parseString("akka.loglevel = INFO"), REFERENCE));
    }
}
