package io.medic.runtime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * One node for a whole test class, named after it ({@code SysTest} runs on node {@code sys-test});
 * whatever a test leaves running is killed after it ({@link Cleanup#killAll}), so the next test starts
 * from an empty process table. Test classes run one after the other, so one static field serves all.
 */
abstract class NodePerClass {
    static Node node;

    @BeforeAll
    static void startNode(TestInfo info) {
        String name = info.getTestClass().orElseThrow().getSimpleName();
        node = Node.start(name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT));
    }

    @AfterEach
    void killWhatTheTestLeft() {
        Cleanup.killAll(node);
    }

    @AfterAll
    static void closeNode() {
        node.close();
    }
}
