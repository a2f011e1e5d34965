package io.medic.runtime.monitor;

import java.util.List;

/**
 * A page of the monitor's recent events, oldest first ({@link SystemMonitor#events}): the ring keeps
 * the last {@code medic.monitor.ring-size} events.
 *
 * @param events    the events after the cursor, at most the limit asked for
 * @param next      the cursor of the next page: the id of the last event here, or the cursor given when
 *                  there is none (poll again with it)
 * @param latest    the id of the last event published (0: none yet)
 * @param missed    events after the cursor that the ring no longer holds (the poller fell behind)
 * @param published events the node has published, all time
 * @param dropped   events not published because the node published {@code max-events-per-second} already
 */
public record MonitorEventPage(List<MonitorEvent> events, long next, long latest, long missed, long published, long dropped) {
    public MonitorEventPage {
        events = List.copyOf(events);
    }
}
