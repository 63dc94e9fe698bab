package com.dazzleops.model.events;

import com.dazzleops.model.errors.ErrorBody;
import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.json.WireTime;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the event bodies mean, beyond "they parse and round-trip" (which FixtureContractTest checks). */
class EventsWireTest {

    static String body(String resource) {
        return Fixtures.body("events/" + resource).stripTrailing();
    }

    static <T> T ok(String resource, Class<T> type) {
        Fixtures.Fixture f = Fixtures.byResource("events/" + resource);
        WireResult<T> r = Wire.decode(f.status(), f.body(), type);
        assertThat(r.failure()).as("%s", r).isEmpty();
        return r.valueIfOk().orElseThrow();
    }

    @Nested
    class Status {
        @Test
        void inactiveFactoryWritesTheContractsInactiveBody() {
            assertThat(Wire.write(EventSystemStatus.inactive())).isEqualTo(body("status/inactive.json"));
            assertThat(EventSystemStatus.inactive().broker()).contains(BrokerType.NONE);
        }

        @Test
        void runningFactoryWritesTheContractExample() {
            assertThat(Wire.write(EventSystemStatus.running(BrokerType.POSTGRES_BUS, 2, 0, 0, 1)))
                    .isEqualTo(body("status/contract-example.json"));
            assertThat(Wire.write(EventSystemStatus.running(BrokerType.REDIS_BUS, 3, 4, 2, 0)))
                    .isEqualTo(body("status/redis-bus.json"));
        }

        @Test
        void unknownBrokerStaysAnOpaqueStringAndMissingCountsReadAsZero() {
            EventSystemStatus other = ok("status/unknown-broker-extra-fields.json", EventSystemStatus.class);
            assertThat(other.brokerType()).isEqualTo("NatsJetStreamBus");
            assertThat(other.broker()).isEmpty();
            EventSystemStatus sparse = ok("status/missing-fields.json", EventSystemStatus.class);
            assertThat(sparse.running()).isTrue();
            assertThat(sparse.broker()).contains(BrokerType.POSTGRES_BUS);
            assertThat(sparse.topicsCount()).isZero();
            assertThat(sparse.dlqCount()).isZero();
        }

        @Test
        void everyBrokerTypeHasItsExactClassName() {
            assertThat(List.of(BrokerType.values())).extracting(BrokerType::wireName)
                    .containsExactly("PostgresBus", "RedisBus", "none", "KafkaBus", "DevBusMemory", "NullBus");
            assertThat(BrokerType.fromWire("RedisBackedBus")).as("the guide's wrong name").isEmpty();
            assertThat(BrokerType.fromWire("redisbus")).isEmpty();
        }
    }

    @Nested
    class Topics {
        @Test
        void totalEventsIsTheSumAndTimesAreInstants() {
            TopicsResponse r = ok("topics/contract-example.json", TopicsResponse.class);
            assertThat(r.totalEvents()).isEqualTo(226).isEqualTo(TopicsResponse.of(r.topics()).totalEvents());
            assertThat(Wire.write(TopicsResponse.of(r.topics()))).isEqualTo(body("topics/contract-example.json"));
            TopicInfo inv = r.topic("invoice_events").orElseThrow();
            assertThat(inv.consumerGroups()).containsExactly("projection-InvoiceStatusView");
            assertThat(inv.oldestEvent().toInstant()).isEqualTo(Instant.parse("2026-08-20T08:00:12.500931Z"));
            assertThat(inv.oldestEvent()).isLessThan(inv.newestEvent());
            assertThat(r.topic("nope")).isEmpty();
        }

        @Test
        void redisTimesCarryMillisecondsAndEmptyTopicsHaveNoTimes() {
            TopicsResponse r = ok("topics/redis-millisecond-times.json", TopicsResponse.class);
            TopicInfo auth = r.topic("auth.user").orElseThrow();
            assertThat(auth.oldestEvent().toInstant()).isEqualTo(Instant.parse("2026-08-21T16:02:41.118Z"));
            assertThat(auth.oldestEvent().style()).isEqualTo(WireTime.Style.PYTHON_ISO);
            long ms = Instant.parse("2026-08-21T16:02:41.118Z").toEpochMilli();
            assertThat(RedisKeys.entryIdTime(ms + "-3")).isEqualTo(auth.oldestEvent());
            long whole = Instant.parse("2026-08-22T09:20:41Z").toEpochMilli();
            assertThat(RedisKeys.entryIdTime(whole + "-0")).isEqualTo(auth.newestEvent());
            TopicInfo subscribedOnly = r.topic("entity.updated").orElseThrow();
            assertThat(subscribedOnly.eventCount()).isZero();
            assertThat(subscribedOnly.oldest()).isEmpty();
            assertThat(subscribedOnly.newest()).isEmpty();
        }

        @Test
        void aNonUtcSessionGivesTheSameInstantsWithTheirOwnOffset() {
            TopicInfo plusOne = ok("topics/database-offset-plus-one.json", TopicsResponse.class).topics().get(0);
            TopicInfo utc = ok("topics/contract-example.json", TopicsResponse.class).topics().get(0);
            assertThat(plusOne.oldestEvent().toInstant()).isEqualTo(utc.oldestEvent().toInstant());
            assertThat(plusOne.newestEvent().offset()).contains(ZoneOffset.ofHours(1));
            assertThat(Wire.write(ok("topics/database-offset-plus-one.json", TopicsResponse.class)))
                    .as("the text is kept even though our server writes UTC")
                    .isEqualTo(body("topics/database-offset-plus-one.json"));
        }

        @Test
        void missingListsAndCountsReadAsEmptyAndZero() {
            TopicInfo t = ok("topics/extra-and-missing-fields.json", TopicsResponse.class).topics().get(0);
            assertThat(t.consumerGroups()).isEmpty();
            assertThat(t.dlqCount()).isZero();
            assertThat(t.newest()).isEmpty();
            assertThat(t.oldest()).isPresent();
            assertThat(Wire.write(TopicsResponse.empty())).isEqualTo(body("topics/empty.json"));
        }
    }

    @Nested
    class TopicEvents {
        @Test
        void pagingIsOldestFirstWithTotalCountingAllMatches() {
            EventsResponse page = ok("topic-events/contract-example.json", EventsResponse.class);
            assertThat(page.total()).isEqualTo(14);
            assertThat(page.events()).hasSize(2);
            assertThat(page.hasMore()).isTrue();
            assertThat(page.nextOffset()).hasValue(2);
            assertThat(page.previousOffset()).isEmpty();
            assertThat(EventsResponse.offsetForLatest(page.total(), 2)).isEqualTo(12);
            assertThat(EventsResponse.offsetForLatest(3, 20)).isZero();
            assertThat(page.events().get(0).timestamp()).isLessThan(page.events().get(1).timestamp());
        }

        @Test
        void theLastPageHasNoNextOffset() {
            EventsResponse last = ok("topic-events/filtered-last-page.json", EventsResponse.class);
            assertThat(last.offset() + last.events().size()).isEqualTo(last.total());
            assertThat(last.hasMore()).isFalse();
            assertThat(last.nextOffset()).isEmpty();
            assertThat(last.previousOffset()).hasValue(0);
            EventsResponse beyond = ok("topic-events/event-type-filter-empty.json", EventsResponse.class);
            assertThat(beyond.events()).isEmpty();
            assertThat(beyond.total()).isEqualTo(3);
            assertThat(beyond.hasMore()).isFalse();
            assertThat(beyond.previousOffset()).hasValue(0);
        }

        @Test
        void inactiveEmptyPageEchoesTheDefaults() {
            EventsResponse empty = EventsResponse.empty("auth.user", EventsResponse.DEFAULT_OFFSET,
                    EventsResponse.DEFAULT_LIMIT);
            assertThat(Wire.write(empty)).isEqualTo(body("topic-events/inactive-empty-page.json"));
        }

        @Test
        void previewsFollowPythonsRuleIncludingTheExactly100CharacterCase() {
            EventDetail detail = ok("event-detail/contract-example.json", EventDetail.class);
            EventsResponse page = ok("topic-events/contract-example.json", EventsResponse.class);
            EventSummary first = page.events().get(0);
            assertThat(EventSummary.previewOf(detail.payload())).isEqualTo(first.payloadPreview());
            assertThat(first.previewTruncated()).isTrue();

            EventSummary second = page.events().get(1);
            String full = "{\"user_id\": \"7c1d9e02-3b5a-4c8e-b1f4-6a2e0d8c9f35\", "
                    + "\"timestamp\": \"2026-08-22T09:20:41.007310+00:00\"}";
            assertThat(full).hasSize(EventSummary.PREVIEW_LENGTH);
            assertThat(EventSummary.previewOf(Wire.read(full, com.fasterxml.jackson.databind.JsonNode.class)))
                    .isEqualTo(second.payloadPreview()).isEqualTo(full + "...");

            EventsResponse filtered = ok("topic-events/filtered-last-page.json", EventsResponse.class);
            assertThat(filtered.events().get(0).payloadPreview()).contains("erron\\u00e9 \\u2013 TVA");
            assertThat(filtered.events().get(1).previewTruncated()).isFalse();
            assertThat(EventSummary.previewOf(Wire.read("{\"paid_at\": \"2026-08-22T09:18:55.734002+00:00\", "
                            + "\"amount\": 1200}", com.fasterxml.jackson.databind.JsonNode.class)))
                    .as("key order is the payload's, not sorted")
                    .isEqualTo("{\"paid_at\": \"2026-08-22T09:18:55.734002+00:00\", \"amount\": 1200}");
        }

        @Test
        void everyDazzleFailureOfThisRouteIsAValueNotAnException() {
            Fixtures.Fixture plain = Fixtures.byResource("events/topic-events/dazzle-debug-500.txt");
            WireResult<EventsResponse> r = Wire.decode(plain.status(), plain.body(), EventsResponse.class);
            assertThat(r.failure()).hasValueSatisfying(f -> {
                assertThat(f.kind()).isEqualTo(WireResult.Kind.HTTP_ERROR);
                assertThat(f.message()).isEqualTo("HTTP 500: Internal Server Error");
            });
            Fixtures.Fixture le = Fixtures.byResource("events/topic-events/limit-too-large-422.json");
            assertThat(Wire.decode(le.status(), le.body(), EventsResponse.class).failure().orElseThrow().message())
                    .isEqualTo("HTTP 422: limit: Input should be less than or equal to 100");
            ErrorBody withUrl = Wire.read(body("topic-events/older-fastapi-422-with-url.json"), ErrorBody.class);
            assertThat(withUrl.issues()).singleElement()
                    .satisfies(i -> assertThat(i.describe()).isEqualTo("limit: Input should be less than or equal to 100"));
        }
    }

    @Nested
    class Detail {
        @Test
        void topicIsDerivedFromTheEventTypeNotTheStoredTopic() {
            EventDetail d = ok("event-detail/entity-updated-derived-topic.json", EventDetail.class);
            assertThat(d.topic()).isEqualTo("entity").isEqualTo(d.derivedTopic());
            assertThat(d.headers()).isEmpty();
            EventDetail c = ok("event-detail/correlated-and-caused.json", EventDetail.class);
            assertThat(c.topic()).isEqualTo("app.invoice_events");
            assertThat(c.correlationId()).isEqualTo("c0ffee00-1234-4abc-8def-0123456789ab");
            assertThat(c.causationId()).isEqualTo("9a4e1c3b-7f20-4d8e-a5b6-1c2d3e4f5a6b");
            assertThat(c.headers()).containsExactly(
                    java.util.Map.entry("tenant_id", "7a000000-0000-4000-8000-000000000001"),
                    java.util.Map.entry("user_id", "5b0f2c1e-8d4a-4f3b-9a61-2f0c7d9e4b12"));
        }

        @Test
        void notFoundIsANullBodyWithStatus200() {
            assertThat(body("event-detail/not-found-null.json")).isEqualTo(EventDetail.NOT_FOUND_BODY);
            assertThat(Wire.read(EventDetail.NOT_FOUND_BODY, EventDetail.class)).isNull();
            assertThat(Wire.write(null)).isEqualTo(EventDetail.NOT_FOUND_BODY);
            WireResult<EventDetail> r = Wire.decode(200, EventDetail.NOT_FOUND_BODY, EventDetail.class);
            assertThat(r.failure()).hasValueSatisfying(f -> {
                assertThat(f.kind()).isEqualTo(WireResult.Kind.MALFORMED);
                assertThat(f.status()).isEqualTo(200);
            });
        }

        @Test
        void offsetsAndMissingFieldsReadLeniently() {
            EventDetail plusOne = ok("event-detail/database-offset-plus-one.json", EventDetail.class);
            EventDetail utc = ok("event-detail/contract-example.json", EventDetail.class);
            assertThat(plusOne.timestamp().toInstant()).isEqualTo(utc.timestamp().toInstant())
                    .isEqualTo(Instant.parse("2026-08-22T09:14:03.512877Z"));
            EventDetail sparse = ok("event-detail/missing-optional-fields.json", EventDetail.class);
            assertThat(sparse.timestamp().toInstant()).isEqualTo(utc.timestamp().toInstant());
            assertThat(sparse.headers()).isEmpty();
            assertThat(sparse.topic()).isNull();
            assertThat(sparse.derivedTopic()).isEqualTo("auth.user");
            assertThat(sparse.payload().path("user_id").asText()).isEqualTo("5b0f2c1e-8d4a-4f3b-9a61-2f0c7d9e4b12");
        }
    }

    @Nested
    class Consumers {
        @Test
        void lagIsPerTopicAndGroup() {
            ConsumersResponse r = ok("consumers/contract-example.json", ConsumersResponse.class);
            assertThat(r.totalLag()).isEqualTo(3);
            assertThat(r.forTopic("invoice_events")).singleElement().satisfies(c -> {
                assertThat(c.groupId()).isEqualTo("projection-InvoiceStatusView");
                assertThat(c.lastSequence()).isEqualTo(1420);
                assertThat(c.caughtUp()).isFalse();
            });
            assertThat(r.forTopic("entity.updated").get(0).caughtUp()).isTrue();

            ConsumersResponse two = ok("consumers/group-on-two-topics.json", ConsumersResponse.class);
            assertThat(two.forGroup("sse-stream-3fa2b9c1")).extracting(ConsumerInfo::topic)
                    .containsExactly("entity.created", "entity.updated");
            assertThat(two.forGroup("sse-stream-3fa2b9c1").get(0).neverConsumed()).isTrue();
            assertThat(two.totalLag()).isEqualTo(43);
        }

        @Test
        void theAlwaysEmptyDazzleListIsTheInactiveBody() {
            assertThat(Wire.write(ConsumersResponse.empty())).isEqualTo(body("consumers/dazzle-always-empty.json"));
            assertThat(ok("consumers/dazzle-always-empty.json", ConsumersResponse.class).consumers()).isEmpty();
            assertThat(ok("consumers/extra-fields.json", ConsumersResponse.class).consumers().get(0).lag()).isEqualTo(3);
        }
    }

    @Nested
    class Outbox {
        @Test
        void oldestPendingReadsEveryRenderingAndKeepsItsText() {
            OutboxStats iso = ok("outbox/contract-example.json", OutboxResponse.class).stats();
            assertThat(iso.oldestPending().toInstant()).isEqualTo(Instant.parse("2026-08-22T09:21:07.331842Z"));
            assertThat(iso.total()).isEqualTo(59);

            OutboxResponse db = ok("outbox/oldest-pending-database-text.json", OutboxResponse.class);
            WireTime text = db.stats().oldestPending();
            assertThat(text.style()).isEqualTo(WireTime.Style.DATABASE_TEXT);
            assertThat(text.toInstant()).isEqualTo(Instant.parse("2026-08-22T09:21:07.330Z"));
            assertThat(Wire.write(db)).isEqualTo(body("outbox/oldest-pending-database-text.json"));

            OutboxResponse plusOne = ok("outbox/session-offset-plus-one.json", OutboxResponse.class);
            assertThat(plusOne.stats().oldestPending().toInstant()).isEqualTo(iso.oldestPending().toInstant());
            assertThat(plusOne.recentEntries().get(1).publishedAt().toInstant())
                    .isEqualTo(Instant.parse("2026-08-22T09:19:43.402917Z"));
        }

        @Test
        void entriesCarryStatusAttemptsAndErrors() {
            List<OutboxEntry> es = ok("outbox/contract-example.json", OutboxResponse.class).recentEntries();
            assertThat(es).extracting(e -> e.statusValue().orElseThrow())
                    .containsExactly(OutboxStatus.PENDING, OutboxStatus.FAILED, OutboxStatus.PUBLISHED);
            assertThat(es.get(0).createdAt()).as("newest first").isGreaterThan(es.get(1).createdAt());
            assertThat(es.get(1).attempts()).isEqualTo(OutboxStatus.MAX_ATTEMPTS);
            assertThat(es.get(1).lastError()).startsWith("Unexpected error: ").contains(EventTables.EVENTS_PKEY);
            assertThat(es.get(2).publishedAt()).isGreaterThan(es.get(2).createdAt());
            assertThat(OutboxStatus.fromWire("processing")).as("the channel outbox's status").isEmpty();
        }

        @Test
        void inactiveIsZeroStatsAndNoEntries() {
            assertThat(Wire.write(OutboxResponse.inactive())).isEqualTo(body("outbox/inactive-zero-stats.json"));
            assertThat(OutboxResponse.inactive().stats().oldestPendingTime()).isEmpty();
        }
    }

    @Nested
    class DeadLetters {
        @Test
        void entriesAndTotals() {
            DLQResponse r = ok("dlq/contract-example.json", DLQResponse.class);
            assertThat(r.entries().get(0).reason()).contains(ReasonCode.HANDLER_ERROR);
            assertThat(r.truncated()).isFalse();
            DLQResponse limited = ok("dlq/one-event-two-groups-limited.json", DLQResponse.class);
            assertThat(limited.truncated()).isTrue();
            assertThat(limited.entries()).extracting(DLQEntry::eventId).containsOnly("6f2d8b1a-4c3e-4a9f-b2d1-8e7c6a5b4d3c");
            assertThat(limited.entries()).extracting(DLQEntry::groupId)
                    .containsExactly("projection-InvoiceStatusView", "audit-trail");
            assertThat(limited.entries().get(0).createdAt()).isGreaterThan(limited.entries().get(1).createdAt());
            assertThat(Wire.write(DLQResponse.empty())).isEqualTo(body("dlq/empty.json"));
        }

        @Test
        void fallbacksForABusThatOmitsTheReason() {
            DLQEntry e = ok("dlq/unknown-reason-fallback.json", DLQResponse.class).entries().get(0);
            assertThat(e.reason()).isEmpty();
            DLQEntry listed = DLQEntry.listed(e.eventId(), e.topic(), e.groupId(), null, null, 1, e.createdAt());
            assertThat(listed).isEqualTo(e);
            assertThat(Wire.write(new DLQResponse(List.of(listed), 1))).isEqualTo(body("dlq/unknown-reason-fallback.json"));
        }

        @Test
        void reasonCodesAndRetryability() {
            assertThat(List.of(ReasonCode.values())).extracting(ReasonCode::wireName)
                    .containsExactly("HANDLER_ERROR", "TRANSIENT_ERROR", "PERMANENT_ERROR", "SCHEMA_ERROR");
            assertThat(NackReason.handlerError("boom", false).retryable()).isFalse();
            assertThat(NackReason.handlerError("boom", true).code()).isEqualTo("HANDLER_ERROR");
            assertThat(NackReason.transientError("x").retryable()).isTrue();
            assertThat(NackReason.permanentError("x").retryable()).isFalse();
            assertThat(NackReason.schemaError("x").metadata().isObject()).isTrue();
            assertThat(NackReason.schemaError("x").metadata().size()).isZero();
        }
    }

    @Nested
    class Replay {
        static final String ID = "6f2d8b1a-4c3e-4a9f-b2d1-8e7c6a5b4d3c";

        @Test
        void factoriesWriteTheExactBodiesWithTheOtherKeyOmitted() {
            assertThat(Wire.write(ReplayResult.replayed(ID))).isEqualTo(body("replay/success.json"));
            assertThat(Wire.write(ReplayResult.notInDlq(ID))).isEqualTo(body("replay/not-in-dlq.json"));
            assertThat(Wire.write(ReplayResult.failed())).isEqualTo(body("replay/replay-failed.json"));
            assertThat(Wire.write(ReplayResult.notRunning())).isEqualTo(body("replay/not-running.json"));
            assertThat(Wire.write(ReplayResult.notInDlq(ID.toUpperCase())))
                    .isEqualTo(body("replay/path-id-echoed-verbatim.json"));
            assertThat(Wire.write(ErrorBody.of(ReplayResult.CSRF_REJECTED))).isEqualTo(body("replay/csrf-rejected-403.json"));
        }

        @Test
        void theConsoleReadsSuccessNotTheStatus() {
            record Case(String file, ReplayResult.Outcome outcome) { }
            for (Case c : List.of(new Case("replay/success.json", ReplayResult.Outcome.REPLAYED),
                    new Case("replay/not-in-dlq.json", ReplayResult.Outcome.NOT_IN_DLQ),
                    new Case("replay/path-id-echoed-verbatim.json", ReplayResult.Outcome.NOT_IN_DLQ),
                    new Case("replay/replay-failed.json", ReplayResult.Outcome.FAILED),
                    new Case("replay/not-running.json", ReplayResult.Outcome.NOT_RUNNING))) {
                ReplayResult r = ok(c.file(), ReplayResult.class);
                assertThat(r.outcome()).as(c.file()).isEqualTo(c.outcome());
                assertThat(r.success()).isEqualTo(c.outcome() == ReplayResult.Outcome.REPLAYED);
                assertThat(r.text()).isNotBlank();
            }
            assertThat(Wire.read("{\"success\":false,\"error\":\"quota exceeded\"}", ReplayResult.class).outcome())
                    .isEqualTo(ReplayResult.Outcome.OTHER_FAILURE);
            assertThat(Wire.read("{\"success\":false}", ReplayResult.class).outcome())
                    .isEqualTo(ReplayResult.Outcome.OTHER_FAILURE);
        }

        @Test
        void csrfRejectionIsUnauthorized() {
            Fixtures.Fixture f = Fixtures.byResource("events/replay/csrf-rejected-403.json");
            WireResult<ReplayResult> r = Wire.decode(f.status(), f.body(), ReplayResult.class);
            assertThat(r.failure().orElseThrow().kind()).isEqualTo(WireResult.Kind.UNAUTHORIZED);
            assertThat(r.failure().orElseThrow().message()).contains(ReplayResult.CSRF_REJECTED);
        }
    }
}
