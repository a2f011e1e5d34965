package io.medic.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Label values are user input: neutralised and bounded before they reach a scrape. */
class LabelValuesTest {

    @Test
    void controlAndInvisibleCharactersBecomeQuestionMarks() {
        assertEquals("a?b?c?d?e", LabelValues.clean("a\nb\u0000c\u202Ed\u200Be", 100));
        assertEquals("tab?del?nel?", LabelValues.clean("tab\tdel\u007Fnel\u0085", 100));
        assertEquals("quotes \" and \\ stay: the writer escapes them", LabelValues.clean("quotes \" and \\ stay: the writer escapes them", 100));
    }

    @Test
    void aLongValueIsCutToTheLimitAndSaysSo() {
        assertEquals("abcdefghij", LabelValues.clean("abcdefghij", 10));
        assertEquals("abcdefg...", LabelValues.clean("abcdefghijk", 10));
        String emoji = "\uD83D\uDE00".repeat(20); // one code point, two chars each
        String cut = LabelValues.clean(emoji, 10);
        assertEquals("\uD83D\uDE00".repeat(7) + "...", cut, "cut between code points, never inside one");
        assertEquals("", LabelValues.clean(null, 10));
    }
}
