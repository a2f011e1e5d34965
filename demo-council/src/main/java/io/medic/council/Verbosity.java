package io.medic.council;

import java.time.Duration;

/**
 * How chatty a council member is: how often it speaks and how much it says (recon_demo's
 * {@code verbosity()}). Drawn in init: quiet 20 %, moderate 40 %, talkative 30 %, loudspeaker 10 %.
 */
public enum Verbosity {
    QUIET(Duration.ofSeconds(10), 10),
    MODERATE(Duration.ofSeconds(5), 50),
    TALKATIVE(Duration.ofSeconds(2), 100),
    LOUDSPEAKER(Duration.ofMillis(500), 1000);

    private final Duration interval;
    private final int payloadBytes;

    Verbosity(Duration interval, int payloadBytes) {
        this.interval = interval;
        this.payloadBytes = payloadBytes;
    }

    /** Time between two speeches. */
    public Duration interval() {
        return interval;
    }

    /** Size of the random payload of each speech. */
    public int payloadBytes() {
        return payloadBytes;
    }

    /** recon_demo's draw: uniform 1..10; ≤2 quiet, ≤6 moderate, ≤9 talkative, 10 loudspeaker. */
    public static Verbosity draw(java.util.Random random) {
        int r = random.nextInt(10) + 1;
        if (r <= 2) {
            return QUIET;
        }
        if (r <= 6) {
            return MODERATE;
        }
        return r <= 9 ? TALKATIVE : LOUDSPEAKER;
    }
}
