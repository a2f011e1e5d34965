package io.medic.runtime;

import io.medic.testing.LoggingContract;

/** This module's logback-test.xml: unexpected WARN and ERROR reach the console, expected crashes do not. */
class LoggingTest extends LoggingContract {
}
