package com.dazzleops.model.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Objects;

/**
 * Why a consumer rejected an event (wire-events §6.3): what a bus's nack receives and what a DLQ entry records as
 * {@code reason_code}, {@code reason_message} and {@code reason_metadata}. A retryable nack leaves the event where
 * it is; a non-retryable one dead-letters it.
 *
 * @param code      a {@link ReasonCode} wire name (kept as text so foreign codes survive)
 * @param message   the failure text (the exception message), never null
 * @param retryable false sends the event to the DLQ
 * @param metadata  free-form object; {} in every runtime path
 */
public record NackReason(String code, String message, boolean retryable, JsonNode metadata) {

    public NackReason {
        Objects.requireNonNull(code, "code");
        message = WireCollections.orEmpty(message);
        metadata = metadata == null || metadata.isNull() ? JsonNodeFactory.instance.objectNode() : metadata;
    }

    /** {@code HANDLER_ERROR}: the handler raised; {@code retryable} false for value/type errors. */
    public static NackReason handlerError(String message, boolean retryable) {
        return of(ReasonCode.HANDLER_ERROR, message, retryable);
    }

    public static NackReason transientError(String message) {
        return of(ReasonCode.TRANSIENT_ERROR, message, true);
    }

    public static NackReason permanentError(String message) {
        return of(ReasonCode.PERMANENT_ERROR, message, false);
    }

    public static NackReason schemaError(String message) {
        return of(ReasonCode.SCHEMA_ERROR, message, false);
    }

    private static NackReason of(ReasonCode code, String message, boolean retryable) {
        return new NackReason(code.wireName(), message, retryable, null);
    }
}
