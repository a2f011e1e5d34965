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
 * from before its {@code @BeforeAll} to after its {@code @AfterAll}, a method's around the method and
 * its {@code @BeforeEach}/{@code @AfterEach}. A test that fails gets the expected events it logged
 * printed after it. Registered for every test class by JUnit's extension auto-detection (the parent
 * pom turns it on; {@code META-INF/services/org.junit.jupiter.api.extension.Extension} names this class).
 */
public final class LogCaptureExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LogCaptureExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        LogCapture.testStarted(context.getRequiredTestClass().getSimpleName());
        open(context, context.getRequiredTestClass());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LogCapture.testStarted(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
        open(context, context.getRequiredTestMethod());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LogCapture.testEnded(context.getExecutionException().isPresent());
        close(context);
        LogCapture.testStarted(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LogCapture.testEnded(context.getExecutionException().isPresent());
        close(context);
    }

    private static void open(ExtensionContext context, AnnotatedElement element) {
        List<Expectation> opened = new ArrayList<>();
        for (ExpectLog e : AnnotationSupport.findRepeatableAnnotations(element, ExpectLog.class)) {
            opened.add(LogCapture.expect(e));
        }
        context.getStore(NS).put("expectations", opened);
    }

    @SuppressWarnings("unchecked")
    private static void close(ExtensionContext context) {
        List<Expectation> opened = context.getStore(NS).remove("expectations", List.class);
        if (opened != null) {
            opened.forEach(Expectation::close);
        }
    }
}
