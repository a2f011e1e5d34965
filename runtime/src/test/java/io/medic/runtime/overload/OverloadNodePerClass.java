package io.medic.runtime.overload;

import akka.actor.testkit.typed.javadsl.ManualTime;
import io.medic.runtime.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * One node on Akka's manual scheduler for a whole test class, named after it ({@code ValveTest} runs on
 * node {@code valve-test}); after each test every process is killed and every breaker and valve
 * unlisted ({@link OverloadTesting#cleanUp}). Test classes run one after the other, so static fields
 * serve all.
 */
abstract class OverloadNodePerClass {
    static Node node;
    static ManualTime time;

    @BeforeAll
    static void startNode(TestInfo info) {
        String name = info.getTestClass().orElseThrow().getSimpleName();
        node = OverloadTesting.manualTimeNode(name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT));
        time = OverloadTesting.time(node);
    }

    @AfterEach
    void cleanUpAfterTheTest() {
        OverloadTesting.cleanUp(node);
    }

    @AfterAll
    static void closeNode() {
        node.close();
    }
}
