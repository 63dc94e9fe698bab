package com.dazzleops.model.events;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Query defaults, bounds and the exact 422 bodies of the event routes. */
class EventQueriesTest {

    private static String fixture(String resource) {
        return Fixtures.body("events/" + resource).stripTrailing();
    }

    @Test
    void defaultsApplyWhenParametersAreAbsentAndUnknownOnesAreIgnored() {
        EventQueries.Validated<EventQueries.TopicEvents> v =
                EventQueries.TopicEvents.parse(Map.of("group_id", "x")::get);
        assertThat(v.valueIfValid()).contains(EventQueries.TopicEvents.defaults());
        assertThat(EventQueries.TopicEvents.defaults().toQueryString()).isEqualTo("?offset=0&limit=20");
        assertThat(EventQueries.DeadLetters.parse(Map.of("offset", "5")::get).value())
                .isEqualTo(EventQueries.DeadLetters.defaults());
    }

    @Test
    void filtersAreKeptAndEncoded() {
        EventQueries.TopicEvents q = EventQueries.TopicEvents.parse(
                Map.of("offset", "2", "limit", "5", "key", "a b&c", "event_type", "app.invoice_events.InvoicePaid")::get).value();
        assertThat(q).isEqualTo(new EventQueries.TopicEvents(2, 5, "a b&c", "app.invoice_events.InvoicePaid"));
        assertThat(q.toQueryString()).isEqualTo("?offset=2&limit=5&key=a+b%26c&event_type=app.invoice_events.InvoicePaid");
        assertThat(q.latest(14, 2)).isEqualTo(new EventQueries.TopicEvents(12, 2, "a b&c", "app.invoice_events.InvoicePaid"));
        assertThat(new EventQueries.DeadLetters("", 20).topicFilter()).isEmpty();
        assertThat(new EventQueries.DeadLetters("", 20).toQueryString()).isEqualTo("?limit=20");
        assertThat(new EventQueries.DeadLetters("invoice_events", 5).toQueryString()).isEqualTo("?limit=5&topic=invoice_events");
        assertThat(new EventQueries.Replay("projection-InvoiceStatusView").toQueryString())
                .isEqualTo("?group_id=projection-InvoiceStatusView");
    }

    @Test
    void violationsGiveTheExactFastApiBodies() {
        assertThat(Wire.write(EventQueries.TopicEvents.parse(Map.of("limit", "500")::get).errorBody()))
                .isEqualTo(fixture("topic-events/limit-too-large-422.json"));
        assertThat(Wire.write(EventQueries.TopicEvents.parse(Map.of("offset", "-1")::get).errorBody()))
                .isEqualTo(fixture("topic-events/offset-negative-422.json"));
        assertThat(Wire.write(EventQueries.TopicEvents.parse(Map.of("limit", "abc")::get).errorBody()))
                .isEqualTo(fixture("topic-events/limit-not-integer-422.json"));
        assertThat(Wire.write(EventQueries.DeadLetters.parse(Map.of("limit", "0")::get).errorBody()))
                .isEqualTo(fixture("dlq/limit-zero-422.json"));
        assertThat(Wire.write(EventQueries.Replay.parse(Map.<String, String>of()::get).errorBody()))
                .isEqualTo(fixture("replay/missing-group-id-422.json"));
    }

    @Test
    void everyViolationIsReportedInDeclarationOrder() {
        EventQueries.Validated<EventQueries.TopicEvents> v =
                EventQueries.TopicEvents.parse(Map.of("limit", "", "offset", "-3")::get);
        assertThat(v.valid()).isFalse();
        assertThat(v.issues()).extracting(i -> i.type() + " " + i.param() + " " + i.input())
                .containsExactly("greater_than_equal offset -3", "int_parsing limit ");
        assertThat(EventQueries.TopicEvents.parse(Map.of("limit", "99999999999999999999")::get).issues())
                .singleElement().satisfies(i -> assertThat(i.type()).isEqualTo("less_than_equal"));
        assertThat(EventQueries.TopicEvents.parse(Map.of("offset", "99999999999999999999")::get).value().offset())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(EventQueries.TopicEvents.parse(Map.of("limit", " +7 ")::get).value().limit()).isEqualTo(7);
        assertThat(EventQueries.Replay.parse(Map.of("group_id", "")::get).value().groupId()).isEmpty();
        assertThatThrownBy(() -> EventQueries.TopicEvents.parse(Map.<String, String>of()::get).errorBody())
                .isInstanceOf(IllegalStateException.class);
    }
}
