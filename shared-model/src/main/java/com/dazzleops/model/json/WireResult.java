package com.dazzleops.model.json;

import java.util.Optional;
import java.util.function.Function;

/**
 * What one call to a Dazzle endpoint gave: a value, or a failure that says why. Real servers report failures in
 * several ways (HTTP 200 with {@code {"error": ...}}, {@code {"success": false}}, 404 for undeclared features, 500
 * for routes broken in some versions, {@code null} bodies); the console turns every one of them into a value so a
 * panel can show it and nothing throws.
 */
public sealed interface WireResult<T> {

    /** Why a call did not give a value. */
    enum Kind {
        /** 404 on a route: the server does not declare this feature (or is older). */
        NOT_DECLARED,
        /** 401 or 403. */
        UNAUTHORIZED,
        /** 422: the request's parameters were rejected. */
        INVALID_REQUEST,
        /** Any other non-2xx status. */
        HTTP_ERROR,
        /** HTTP 200 carrying {@code {"error": ...}} or {@code {"success": false}}. */
        APP_ERROR,
        /** The body is not the expected JSON (or is {@code null} / empty). */
        MALFORMED,
        /** No HTTP answer at all: refused, timed out, DNS, TLS. */
        UNREACHABLE
    }

    record Ok<T>(T value) implements WireResult<T> {
    }

    /**
     * @param status HTTP status, or 0 when there was no HTTP answer
     * @param message one line for a person
     * @param body the raw body when there was one (for a details view), else null
     */
    record Failure<T>(Kind kind, int status, String message, String body) implements WireResult<T> {
        public <U> Failure<U> cast() {
            return new Failure<>(kind, status, message, body);
        }
    }

    static <T> WireResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> WireResult<T> failure(Kind kind, int status, String message, String body) {
        return new Failure<>(kind, status, message, body);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    default Optional<T> valueIfOk() {
        return this instanceof Ok<T> ok ? Optional.ofNullable(ok.value()) : Optional.empty();
    }

    default Optional<Failure<T>> failure() {
        return this instanceof Failure<T> f ? Optional.of(f) : Optional.empty();
    }

    default <U> WireResult<U> map(Function<? super T, ? extends U> fn) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(fn.apply(ok.value()));
        }
        return ((Failure<T>) this).cast();
    }
}
