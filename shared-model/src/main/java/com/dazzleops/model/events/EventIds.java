package com.dazzleops.model.events;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Event ids: time-ordered UUIDs, version 7 of RFC 9562.
 *
 * <p>The 128 bits are a 48-bit Unix time in milliseconds, the version (7), a 12-bit counter, the variant (10) and
 * 62 random bits. The counter makes ids generated in this process strictly increasing even within one millisecond
 * (RFC 9562 §6.2, method 1, a dedicated counter): it starts at a random value below 2048 at every new millisecond
 * and counts up; when 4,096 ids within one millisecond exhaust it, the timestamp field moves one millisecond ahead.
 *
 * <p>Why: an event id is the primary key of the outbox and of the consumers' inbox. With random (version 4) ids every
 * insert lands on a random leaf of those b-trees, so each transaction dirties about one page per event (on SQLite
 * each dirty page is written whole to the WAL, then again at the checkpoint) and the working set is the whole index.
 * Time-ordered ids go in at the right edge, where a batch of events shares a few pages. On the wire they are ordinary
 * UUIDs in the canonical lowercase form, which is all the contract promises ({@code event_id}: a UUID string; Dazzle
 * happens to use version 4); readers accept any UUID as before.
 */
public final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final EventIds SYSTEM = new EventIds(System::currentTimeMillis);

    private final LongSupplier clock;
    private long lastMillis = -1;
    private int counter;

    EventIds(LongSupplier clock) {
        this.clock = clock;
    }

    /** The next event id of this process. */
    public static UUID next() {
        return SYSTEM.generate();
    }

    /** Milliseconds since the epoch encoded in a version-7 id; -1 for any other version. */
    public static long millisOf(UUID id) {
        return id.version() == 7 ? id.getMostSignificantBits() >>> 16 : -1;
    }

    synchronized UUID generate() {
        long now = clock.getAsLong();
        if (now > lastMillis) {
            lastMillis = now;
            counter = RANDOM.nextInt(2048);
        } else if (++counter > 0xFFF) {
            // 4,096 ids in one millisecond (or the clock went back): keep order by moving the time field ahead
            lastMillis++;
            counter = RANDOM.nextInt(2048);
        }
        long msb = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long lsb = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
