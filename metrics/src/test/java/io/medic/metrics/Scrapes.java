package io.medic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading parsed scrapes in tests: samples by name and labels. */
final class Scrapes {
    private Scrapes() {
    }

    /** Every sample of the scrape named {@code sample}, in order. */
    static List<ExpositionParser.Sample> samples(Map<String, ExpositionParser.Family> scrape, String sample) {
        return scrape.values().stream().flatMap(f -> f.samples().stream()).filter(s -> s.name().equals(sample)).toList();
    }

    /** The value of the one sample named {@code sample} with exactly {@code labels} (name, value, ...). */
    static double value(Map<String, ExpositionParser.Family> scrape, String sample, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        ExpositionParser.Sample found = samples(scrape, sample).stream().filter(s -> s.labels().equals(wanted))
                .findFirst().orElse(null);
        assertNotNull(found, "a sample " + sample + wanted + " among " + samples(scrape, sample));
        return found.value();
    }

    /** The family {@code name} (as the format names it), asserting its type. */
    static ExpositionParser.Family family(Map<String, ExpositionParser.Family> scrape, String name, String type) {
        ExpositionParser.Family f = scrape.get(name);
        assertNotNull(f, "a family " + name + " among " + scrape.keySet());
        assertEquals(type, f.type(), name);
        return f;
    }

    /** How many samples the scrape holds whose name starts with {@code prefix}. */
    static long count(Map<String, ExpositionParser.Family> scrape, String prefix) {
        return scrape.values().stream().flatMap(f -> f.samples().stream()).filter(s -> s.name().startsWith(prefix)).count();
    }
}
