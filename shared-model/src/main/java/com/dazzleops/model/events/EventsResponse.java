package com.dazzleops.model.events;

import java.util.List;
import java.util.OptionalInt;

/**
 * One page of a topic, {@code GET /_dazzle/events/topics/{topic}?offset=&limit=&key=&event_type=} (wire-events
 * §4.3), model {@code EventsResponse}.
 *
 * <p>Paging is <b>oldest first</b>: {@code offset} skips from the oldest matching event, {@code total} counts every
 * match (not the page), so the latest N are at {@code offset = max(0, total - N)} ({@link #offsetForLatest}).
 * {@code offset} and {@code limit} echo the validated query values (defaults 0 and 20, limit 1..100, offset >= 0,
 * else 422).
 *
 * <p><b>Dazzle today:</b> every request answers 500 whenever a bus exists (the handler calls the bus with an
 * argument no bus accepts); only a server without a framework returns the empty page. A console must show 500 here
 * as "feature unavailable on this server". Our server implements the contract, and {@link #empty} when inactive.
 *
 * @param topic  echo of the path value
 * @param events the page (never null)
 * @param total  events in the topic matching the filters
 * @param offset echo of {@code offset}
 * @param limit  echo of {@code limit}
 */
public record EventsResponse(String topic, List<EventSummary> events, long total, int offset, int limit) {

    public static final int DEFAULT_OFFSET = 0;
    public static final int DEFAULT_LIMIT = 20;
    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 100;

    public EventsResponse {
        events = WireCollections.list(events);
    }

    /** The inactive body: the topic echoed, no events, total 0, the validated offset and limit echoed. */
    public static EventsResponse empty(String topic, int offset, int limit) {
        return new EventsResponse(topic, List.of(), 0, offset, limit);
    }

    /** The offset that shows the newest {@code n} events: {@code max(0, total - n)}. */
    public static int offsetForLatest(long total, int n) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, total - n));
    }

    /** True when matching events follow this page. */
    public boolean hasMore() {
        return (long) offset + events.size() < total;
    }

    /** The offset of the next page, empty on the last page. */
    public OptionalInt nextOffset() {
        return hasMore() ? OptionalInt.of(offset + events.size()) : OptionalInt.empty();
    }

    /** The offset of the previous page (never below 0), empty on the first page. */
    public OptionalInt previousOffset() {
        return offset > 0 ? OptionalInt.of(Math.max(0, offset - limit)) : OptionalInt.empty();
    }
}
