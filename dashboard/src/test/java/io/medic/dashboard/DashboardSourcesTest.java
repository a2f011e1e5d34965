package io.medic.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's sources, checked without a browser: no script puts text through an HTML parser or
 * evaluates strings (the XSS rule: data from the node is rendered as text only); nothing is loaded from
 * another origin (it must work offline: no CDN); every module a script imports exists; every file has an
 * extension the server serves.
 */
class DashboardSourcesTest {
    private static final Path UI = Path.of("src/main/resources/io/medic/dashboard/ui");
    private static final Set<String> SERVED = Set.of("html", "js", "css", "svg", "png", "ico", "json");

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(UI)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void noScriptParsesHtmlOrEvaluatesStrings() throws IOException {
        Pattern sinks = Pattern.compile("\\.innerHTML|\\.outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\("
                + "|new\\s+Function\\s*\\(|createContextualFragment|DOMParser|\\.srcdoc|setTimeout\\s*\\(\\s*['\"`]"
                + "|setInterval\\s*\\(\\s*['\"`]");
        List<String> found = new ArrayList<>();
        for (Path f : files()) {
            if (f.toString().endsWith(".js")) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).replaceAll("^\\s*//.*", "");
                    if (sinks.matcher(code).find()) {
                        found.add(UI.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "HTML parsing or string evaluation in the dashboard's scripts");
    }

    @Test
    void nothingIsLoadedFromAnotherOrigin() throws IOException {
        Pattern remote = Pattern.compile("(src|href|url|import|from)\\s*[=(]?\\s*['\"]?(https?:)?//", Pattern.CASE_INSENSITIVE);
        for (Path f : files()) {
            if (!f.toString().endsWith(".png")) {
                String text = Files.readString(f).replace("http://www.w3.org/2000/svg", "");
                assertTrue(!remote.matcher(text).find(), UI.relativize(f) + " loads something from another origin");
            }
        }
    }

    @Test
    void everyImportedModuleExists() throws IOException {
        Pattern imports = Pattern.compile("(?:import|from)\\s+['\"](\\.{1,2}/[^'\"]+)['\"]");
        int seen = 0;
        for (Path f : files()) {
            if (f.toString().endsWith(".js")) {
                Matcher m = imports.matcher(Files.readString(f));
                while (m.find()) {
                    Path target = f.getParent().resolve(m.group(1)).normalize();
                    assertTrue(Files.isRegularFile(target), UI.relativize(f) + " imports " + m.group(1) + ", which is missing");
                    seen++;
                }
            }
        }
        assertTrue(seen > 10, "the scripts import each other: " + seen);
        String index = Files.readString(UI.resolve("index.html"));
        for (String ref : List.of("js/app.js", "css/dashboard.css", "favicon.svg")) {
            assertTrue(index.contains("\"" + ref + "\"") && Files.isRegularFile(UI.resolve(ref)), ref);
        }
    }

    @Test
    void everyFileHasAServedExtension() throws IOException {
        for (Path f : files()) {
            String name = f.getFileName().toString();
            assertTrue(SERVED.contains(name.substring(name.lastIndexOf('.') + 1)), UI.relativize(f) + " would never be served");
        }
    }
}
