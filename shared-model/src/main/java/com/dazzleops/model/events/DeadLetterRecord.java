package com.dazzleops.model.events;

import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Objects;
import java.util.UUID;

/**
 * One row of the PostgreSQL bus's dead-letter table {@value EventTables#DLQ} (wire-events §7.2, §7.7): unique per
 * ({@code event_id}, {@code group_id}); a repeated dead-lettering increments {@code attempts} and overwrites the
 * reason code and message, keeping envelope, metadata and {@code created_at}; a failed replay increments
 * {@code attempts}; a successful replay deletes the row.
 *
 * @param id             BIGSERIAL primary key
 * @param eventId        the dead-lettered event
 * @param topic          the nack topic
 * @param groupId        the consumer group that failed it
 * @param envelope       the full envelope (JSONB column {@code envelope})
 * @param reasonCode     nack reason code
 * @param reasonMessage  nack reason message
 * @param reasonMetadata JSONB, nullable in the table; {} in every runtime path
 * @param attempts       1 at insertion
 * @param createdAt      row creation time
 */
public record DeadLetterRecord(long id, UUID eventId, String topic, String groupId, EventEnvelope envelope,
                               String reasonCode, String reasonMessage, JsonNode reasonMetadata, int attempts,
                               WireTime createdAt) {

    public DeadLetterRecord {
        Objects.requireNonNull(eventId, "event_id");
        reasonMetadata = reasonMetadata == null ? JsonNodeFactory.instance.objectNode() : reasonMetadata;
    }

    /** The {@code /dlq} entry for this row, with Dazzle's fallbacks for a missing code or message. */
    public DLQEntry toDlqEntry() {
        return DLQEntry.listed(eventId.toString(), topic, groupId, reasonCode, reasonMessage, attempts, createdAt);
    }
}
