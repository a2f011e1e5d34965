package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void aValueCannotBreakItsLineOrForgeAField() {
        assertEquals("\"ops\"", LogText.quoted("ops"));
        assertEquals("\"a\\r\\nuser=ops result=ok\"", LogText.quoted("a\r\nuser=ops result=ok"));
        assertEquals("\"say \\\"hi\\\" \\\\ bye\"", LogText.quoted("say \"hi\" \\ bye"), "quotes and backslashes are escaped");
        assertEquals("\"\\u0000\\t\\u001b[31m\\u007f\\u0085\"", LogText.quoted("\0\t\u001b[31m\u007f\u0085"));
        assertEquals("\"x\\u2028y\\u202ez\\u200b\"", LogText.quoted("x\u2028y\u202ez\u200b"),
                "line separators and invisible format characters (a bidi override, a zero-width space)");
        assertEquals("\"h\u00e9 \u65e5\u672c \ud83d\ude00\"", LogText.quoted("h\u00e9 \u65e5\u672c \ud83d\ude00"), "printable text is kept");
        assertEquals("null", LogText.quoted(null));
    }

    @Test
    void escapedTextKeepsItsQuotesButCannotBreakItsLine() {
        assertEquals("say \"hi\"\\r\\nuser=ops \\\\ \\u0000\\u202e", LogText.escaped("say \"hi\"\r\nuser=ops \\ \0\u202e"));
        assertEquals("h\u00e9 \u65e5\u672c", LogText.escaped("h\u00e9 \u65e5\u672c"));
        assertEquals("null", LogText.escaped(null));
    }

    @Test
    void longValuesAreCut() {
        assertEquals("\"abc\"...", LogText.quoted("abcdef", 3));
        assertEquals(LogText.DEFAULT_MAX + 5, LogText.quoted("x".repeat(1000)).length());
    }
}
