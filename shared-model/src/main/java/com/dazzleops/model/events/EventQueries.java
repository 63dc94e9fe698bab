package com.dazzleops.model.events;

import com.dazzleops.model.errors.ErrorBody;
import com.dazzleops.model.errors.ValidationIssue;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The query parameters of the event routes (wire-events §4.3, §4.7, §4.8) with their defaults and bounds: the
 * console builds query strings from them, our server validates raw parameters into them and answers FastAPI's 422
 * body ({@link Validated#errorBody()}) when they do not fit. Unknown parameters are ignored, as in Dazzle.
 *
 * <p>Integer parsing follows Pydantic's lax mode for the inputs a client realistically sends (optional sign,
 * digits, surrounding whitespace); everything else, including {@code ""} from {@code ?limit=}, is an
 * {@code int_parsing} issue echoing the raw text. Issues are reported in declaration order ({@code offset} before
 * {@code limit}), all at once.
 */
public final class EventQueries {

    private static final Pattern INTEGER = Pattern.compile("^\\s*[+-]?\\d+\\s*$");

    private EventQueries() {
    }

    /** A validated value, or the issues that make the request a 422. */
    public record Validated<T>(T value, List<ValidationIssue> issues) {
        public Validated {
            issues = List.copyOf(issues);
            if ((value == null) == issues.isEmpty()) {
                throw new IllegalArgumentException("exactly one of value and issues");
            }
        }

        public boolean valid() {
            return value != null;
        }

        public Optional<T> valueIfValid() {
            return Optional.ofNullable(value);
        }

        /** The 422 body {@code {"detail":[...]}}; only for an invalid request. */
        public ErrorBody errorBody() {
            if (valid()) {
                throw new IllegalStateException("the request is valid");
            }
            return ErrorBody.validation(issues);
        }
    }

    /**
     * {@code GET /_dazzle/events/topics/{topic}?offset=&limit=&key=&event_type=}.
     *
     * @param offset    matching events to skip, >= 0 (default 0)
     * @param limit     1..100 (default 20)
     * @param key       exact partition key filter, null for none
     * @param eventType exact event type filter, null for none
     */
    public record TopicEvents(int offset, int limit, String key, String eventType) {

        public static TopicEvents defaults() {
            return new TopicEvents(EventsResponse.DEFAULT_OFFSET, EventsResponse.DEFAULT_LIMIT, null, null);
        }

        /** Reads raw query parameters ({@code param.apply(name)} is null when absent). */
        public static Validated<TopicEvents> parse(Function<String, String> param) {
            List<ValidationIssue> issues = new ArrayList<>();
            Integer offset = bounded(param, "offset", EventsResponse.DEFAULT_OFFSET, 0, null, issues);
            Integer limit = bounded(param, "limit", EventsResponse.DEFAULT_LIMIT, EventsResponse.MIN_LIMIT,
                    EventsResponse.MAX_LIMIT, issues);
            return issues.isEmpty()
                    ? new Validated<>(new TopicEvents(offset, limit, param.apply("key"), param.apply("event_type")), List.of())
                    : new Validated<>(null, issues);
        }

        /** {@code ?offset=..&limit=..[&key=..][&event_type=..]}, URL-encoded. */
        public String toQueryString() {
            StringBuilder sb = new StringBuilder("?offset=").append(offset).append("&limit=").append(limit);
            append(sb, "key", key);
            append(sb, "event_type", eventType);
            return sb.toString();
        }

        /** The query for the newest {@code n} events of a topic holding {@code total} matches (paging is oldest first). */
        public TopicEvents latest(long total, int n) {
            return new TopicEvents(EventsResponse.offsetForLatest(total, n), n, key, eventType);
        }
    }

    /**
     * {@code GET /_dazzle/events/dlq?topic=&limit=}.
     *
     * @param topic topic filter; null or "" means none
     * @param limit 1..100 (default 20)
     */
    public record DeadLetters(String topic, int limit) {

        public static DeadLetters defaults() {
            return new DeadLetters(null, DLQResponse.DEFAULT_LIMIT);
        }

        public static Validated<DeadLetters> parse(Function<String, String> param) {
            List<ValidationIssue> issues = new ArrayList<>();
            Integer limit = bounded(param, "limit", DLQResponse.DEFAULT_LIMIT, DLQResponse.MIN_LIMIT,
                    DLQResponse.MAX_LIMIT, issues);
            return issues.isEmpty() ? new Validated<>(new DeadLetters(param.apply("topic"), limit), List.of())
                    : new Validated<>(null, issues);
        }

        /** The topic filter, empty when none ({@code ?topic=} counts as none). */
        public Optional<String> topicFilter() {
            return topic == null || topic.isEmpty() ? Optional.empty() : Optional.of(topic);
        }

        public String toQueryString() {
            StringBuilder sb = new StringBuilder("?limit=").append(limit);
            append(sb, "topic", topicFilter().orElse(null));
            return sb.toString();
        }
    }

    /**
     * {@code POST /_dazzle/events/dlq/{event_id}/replay?group_id=}: {@code group_id} is required (an empty value is
     * accepted, as by FastAPI).
     */
    public record Replay(String groupId) {
        public Replay {
            Objects.requireNonNull(groupId, "group_id");
        }

        public static Validated<Replay> parse(Function<String, String> param) {
            String g = param.apply("group_id");
            return g == null ? new Validated<>(null, List.of(ValidationIssue.missing("group_id")))
                    : new Validated<>(new Replay(g), List.of());
        }

        public String toQueryString() {
            return "?group_id=" + URLEncoder.encode(groupId, StandardCharsets.UTF_8);
        }
    }

    private static Integer bounded(Function<String, String> param, String name, int dflt, int min, Integer max,
                                   List<ValidationIssue> issues) {
        String raw = param.apply(name);
        if (raw == null) {
            return dflt;
        }
        if (!INTEGER.matcher(raw).matches()) {
            issues.add(ValidationIssue.intParsing(name, raw));
            return null;
        }
        BigInteger v = new BigInteger(raw.strip().startsWith("+") ? raw.strip().substring(1) : raw.strip());
        if (v.compareTo(BigInteger.valueOf(min)) < 0) {
            issues.add(ValidationIssue.greaterThanEqual(name, raw, min));
            return null;
        }
        if (max != null && v.compareTo(BigInteger.valueOf(max)) > 0) {
            issues.add(ValidationIssue.lessThanEqual(name, raw, max));
            return null;
        }
        if (v.bitLength() >= 32) {
            // no upper bound (offset) but beyond what any topic can hold: cap rather than overflow
            return Integer.MAX_VALUE;
        }
        return v.intValue();
    }

    private static void append(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
