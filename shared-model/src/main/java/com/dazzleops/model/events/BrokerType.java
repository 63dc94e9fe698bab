package com.dazzleops.model.events;

import java.util.Optional;

/**
 * The {@code broker_type} strings of {@code /_dazzle/events/status} (wire-events §9.4): the class name of the bus
 * object, or {@code none} when the event system is inactive. The wire value stays a string in
 * {@link EventSystemStatus}; this enum interprets the known ones. Clients must treat unknown values as opaque.
 */
public enum BrokerType {
    /** PostgreSQL-backed bus: the default when no {@code REDIS_URL} is set. */
    POSTGRES_BUS("PostgresBus"),
    /** Redis Streams bus: {@code REDIS_URL} set. (The observability guide's "RedisBackedBus" is wrong.) */
    REDIS_BUS("RedisBus"),
    /** The inactive shape. */
    NONE("none"),
    /** Could appear in principle; {@code /status} answers 500 with it in Dazzle (no DLQ count). */
    KAFKA_BUS("KafkaBus"),
    /** Test-only in-memory bus; {@code /status} answers 500 with it in Dazzle. */
    DEV_BUS_MEMORY("DevBusMemory"),
    /** The no-op bus of {@code NullEventFramework}; {@code /status} answers 500 with it in Dazzle. */
    NULL_BUS("NullBus");

    private final String wire;

    BrokerType(String wire) {
        this.wire = wire;
    }

    /** The exact string on the wire. */
    public String wireName() {
        return wire;
    }

    /** The known broker for a wire string (case-sensitive, as Dazzle writes class names); empty otherwise. */
    public static Optional<BrokerType> fromWire(String wire) {
        for (BrokerType b : values()) {
            if (b.wire.equals(wire)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
