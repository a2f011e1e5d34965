package io.medic.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Tells {@link LogCapture} which test runs and which {@link ExpectLog}s hold: a class's declarations
 * from before its {@code @BeforeAll}, a method's from before its {@code @BeforeEach}; both until the
 * next test (or class) starts, so that a crash report logged asynchronously just after the test that
 * caused it ended still counts as expected. A test that fails gets the expected events it logged
 * printed after it. Registered for every test class by JUnit's extension auto-detection
 * ({@code junit-platform.properties} turns it on; {@code META-INF/services/org.junit.jupiter.api.extension.Extension}
 * names this class; both ship in medic-runtime's test-jar).
 */
public final class LogCaptureExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    /** A method's expectations once it ended, closed when the next test starts. */
    private static final List<Expectation> LINGERING = new ArrayList<>();
    /** The running class's expectations, closed when the next class starts. */
    private static final List<Expectation> CLASS = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        closeAll(LINGERING);
        closeAll(CLASS);
        LogCapture.testStarted(context.getRequiredTestClass().getSimpleName());
        open(context.getRequiredTestClass(), CLASS);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        closeAll(LINGERING);
        LogCapture.testStarted(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
        open(context.getRequiredTestMethod(), LINGERING);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LogCapture.testEnded(context.getExecutionException().isPresent());
        LogCapture.testStarted(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LogCapture.testEnded(context.getExecutionException().isPresent());
    }

    private static synchronized void open(AnnotatedElement element, List<Expectation> into) {
        for (ExpectLog e : AnnotationSupport.findRepeatableAnnotations(element, ExpectLog.class)) {
            into.add(LogCapture.expect(e));
        }
    }

    private static synchronized void closeAll(List<Expectation> expectations) {
        expectations.forEach(Expectation::close);
        expectations.clear();
    }
}
