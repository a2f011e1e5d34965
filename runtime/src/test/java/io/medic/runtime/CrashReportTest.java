package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A GenServer's crash report, as OTP's gen_server writes one: an abnormal exit logs one ERROR naming the
 * process, its behaviour, its registered name and the last message, with the exception; a normal or
 * shutdown exit logs nothing, and neither does a kill (a killed process runs no code).
 */
class CrashReportTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void aCrashLogsOneErrorNamingTheProcessItsBehaviourItsNameAndTheLastMessage() {
        IllegalStateException boom = new IllegalStateException("crash on purpose");
        try (Expectation report = LogCapture.expect("ERROR", ExpectLog.CRASH_REPORT, "")) {
            Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("reported"), T);
            GenServer.cast(pid, new Recorder.Crash(boom));
            Await.result(Medic.whenExited(pid));
            report.awaitCount(1);
            assertEquals(1, report.count(), report.messages().toString());
            ILoggingEvent event = report.events().get(0);
            String message = event.getFormattedMessage();
            assertTrue(message.contains(pid.toString()) && message.contains(Recorder.class.getName())
                    && message.contains("registered as reported") && message.contains(Recorder.Crash.class.getName()),
                    message);
            assertSame(boom, ((ThrowableProxy) event.getThrowableProxy()).getThrowable());
        }
    }

    @Test
    void anAbnormalStopReasonIsReportedWithTheReason() {
        try (Expectation report = LogCapture.expect("ERROR", ExpectLog.CRASH_REPORT, "")) {
            Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
            GenServer.cast(pid, new Recorder.StopWith(ExitReason.custom("out of paper")));
            Await.result(Medic.whenExited(pid));
            report.awaitCount(1);
            assertTrue(report.messages().get(0).contains("terminating with reason out of paper"), report.messages().toString());
        }
    }

    @Test
    void normalShutdownAndKilledExitsAreNotReported() {
        try (Expectation report = LogCapture.expect("ERROR", ExpectLog.CRASH_REPORT, "")) {
            for (ExitReason reason : new ExitReason[] {ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.shutdown("info")}) {
                Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
                GenServer.cast(pid, new Recorder.StopWith(reason));
                assertEquals(reason, Await.result(Medic.whenExited(pid)));
            }
            Pid killed = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
            Medic.exit(killed, ExitReason.KILLED);
            assertEquals(ExitReason.KILLED, Await.result(Medic.whenExited(killed)));
            // the report is written before the exit completes: none has come, none will
            assertEquals(0, report.count(), report.messages().toString());
        }
    }
}
