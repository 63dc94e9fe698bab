/**
 * The event subsystem (issue 5): transactional outbox, relay, JDBC bus (SQLite / PostgreSQL) and Redis Streams bus,
 * consumer groups with inbox idempotency, retry budget and DLQ, replay, the {@code /_dazzle/events/*} routes, metrics
 * and readiness; {@code invoice} holds the invoice_ops wiring (six invoice_events types, the InvoiceStatusView
 * projection, the settle_invoice process).
 *
 * <p>Deliberate differences from Dazzle 0.112.0 (contract wire-events.md), all in Dazzle's wire shapes:
 * <ul>
 *   <li>Routes that always 500 or answer an empty list in Dazzle work: {@code /topics/{topic}} (with the
 *       {@code event_type} filter), {@code /event/{id}}, {@code /consumers} with count-based lag, and
 *       {@code consumers_count} = number of (topic, group) pairs. The inactive bodies of §3 are answered whenever the
 *       framework is off or not started (never a 500).</li>
 *   <li>{@code /event/{id}} reports the topic the event is stored under ({@code invoice_events}), not the topic
 *       derived from the event type ({@code app.invoice_events}); §4.4 allows either.</li>
 *   <li>{@code /dlq} additionally honours {@code group_id} and {@code offset} (Dazzle ignores them); without them the
 *       contract's behaviour is unchanged. On Redis the entries of all topics are merged newest first (Dazzle: SCAN
 *       order).</li>
 *   <li>Broker type on SQLite is {@code SqliteBus} (Dazzle has no SQLite bus; §9.4 allows a new value).</li>
 *   <li>Outbox: {@code publishing} is real where a lease is needed (Redis bus with the outbox on SQLite, or on
 *       PostgreSQL with {@code -Ddazzle.events.pgLeasedRelay=true}); the JDBC bus moves rows in one transaction and the
 *       Redis relay on a PostgreSQL outbox publishes while its claim's row locks are held and marks the rows
 *       published before it commits, so publishing is never visible there (a relay that dies releases its rows at
 *       once; the republish is dropped by the bus); rows left in publishing are recovered at startup and by lease
 *       expiry;
 *       {@code failed} (after 5 attempts) is still retried at the capped backoff (the guide's promise); the backoff is
 *       enforced; nothing is published twice ({@code FOR UPDATE SKIP LOCKED} claims on PostgreSQL, a write-first claim
 *       on SQLite, an id-once script on Redis, {@code ON CONFLICT DO NOTHING} on the events table; on SQLite the
 *       outbox's primary key, as the bus log is the outbox there, see below).</li>
 *   <li>PostgreSQL bus: appends take a transaction-scoped advisory lock so sequence order equals commit order (no
 *       consumer steps over a not-yet-visible sequence, §7.3); a group's position row is locked for the whole batch,
 *       so instances of a group never handle the same events at once (§7.5).</li>
 *   <li>Retry budget per consumer group (default 5, exponential backoff from {@code DAZZLE_EVENTS_RETRY_BACKOFF_MS})
 *       for every failure, not only ValueError/TypeError; a failing event does not block the group (it waits in
 *       {@code _dazzle_event_retry}); after the budget a DLQ entry with reason_code {@code HANDLER_ERROR} and
 *       {@code attempts} = attempts made. Replay removes the entry and re-queues the event to the group's consumer on
 *       its own thread (not inline in the request), and the inbox cannot turn it into a no-op (§4.8 trap).</li>
 *   <li>Redis: pending entries of a dead consumer are taken over and handled (Dazzle only re-owns them): ours keep a
 *       liveness key their process renews every second, so theirs are taken over (XCLAIM) about five seconds after
 *       the process dies and the dead consumer leaves the group; any other consumer's once idle for the claim time
 *       (XAUTOCLAIM, 30 s); lag is XINFO GROUPS' {@code lag}. If Redis restarts empty, outbox rows published in the last 15
 *       minutes are published again (consumers skip what they already handled).</li>
 *   <li>Unused indexes of the contract's DDL are dropped in V51 (events topic/timestamp, outbox status/topic, inbox
 *       processed_at) to cut the per-event write cost; V52 replaces the pending index with a partial index over the
 *       claimable states (pending, publishing, failed), which the relay's claim actually uses.</li>
 *   <li>Throughput (issue 5 benchmark): on the JDBC bus the relay moves a batch with set-based SQL on its own
 *       database (the envelopes never travel through Java): on PostgreSQL ONE statement per batch (CTEs: claim
 *       {@code FOR UPDATE SKIP LOCKED}, mark published {@code RETURNING} the envelopes, {@code INSERT ... SELECT}
 *       into the events table). On SQLite the bus log IS the outbox (V54): the relay publishes a batch by giving
 *       each row a publication, a small row in {@code _dazzle_bus_pub} (V57: the outbox row's rowid, its topic, its
 *       bus sequence number and when it was published), numbered after the last bus sequence number (from
 *       {@code _dazzle_bus_seq}, {@code last - cursor + rowid}: in append order, under the single writer, so
 *       sequence order is commit order; gaps, which nothing counts, only where a range holds rows that were not
 *       fresh) with ONE {@code INSERT ... SELECT} over the rowid range of the batch's fresh rows (rows due again
 *       behind the cursor, rare, are marked published in place and given publications first). The fresh outbox
 *       rows are not written again: until V56 the relay rewrote each one (status, publish time, number), which cost
 *       more than the append itself. An outbox row is published when it has a publication; readers see that through
 *       the view {@code _dazzle_outbox_state}. Consumers read a topic by {@code (topic, seq)} of the publications and
 *       the endpoints read the view {@code _dazzle_bus_log} (or its two parts) with the columns the copy into
 *       {@code _dazzle_events} had. Copying every event there wrote it twice plus three index entries (two at random
 *       places), about a third of SQLite's work per event; events copied before V54 stay in {@code _dazzle_events},
 *       numbered below every publication, and are read and consumed first. Deleting published outbox rows (housekeeping) therefore removes them from the SQLite
 *       bus log. A SQLite consumer reads its batch before taking the single writer and only re-checks its position
 *       in the write transaction (an empty poll does not write).
 *       Claims walk in append order (PostgreSQL: the claimable-state index, bitmap scans off for the transaction,
 *       as the unanalysed outbox made the planner read and sort the whole backlog; SQLite (V56): fresh rows are in
 *       no index, the relay walks the table forward from its cursor, the highest rowid it has looked at, merged with
 *       a partial index that holds only rows waiting for a retry or a lease; see {@code OutboxRelay}'s "relay
 *       cursor" for why no pending row can fall behind it). Relay transactions on PostgreSQL commit
 *       asynchronously ({@code synchronous_commit = off} for that transaction only; see
 *       {@code JdbcEventBus.PG_RELAY_ASYNC_COMMIT} for why nothing can be lost or doubled). PostgreSQL appends to
 *       the outbox with one {@code unnest} insert per transaction; the Redis relay (PostgreSQL outbox) claims
 *       {@code FOR UPDATE SKIP LOCKED}, publishes 100 events per script call (XADD and a marker SET NX per event;
 *       the script takes only the field values and answers a count; the stream fields are read from the stored
 *       envelope in one streaming pass) and marks the rows published by their ctids in the same transaction (the
 *       PostgreSQL bus's CTE also joins by ctid); the PostgreSQL inbox batch
 *       is a plain insert (a redelivered row fails it and sends the batch event by event); a Redis consumer's batch
 *       transaction holds nothing else, so its fast path takes no savepoint (a failed batch is rolled back whole and
 *       redone event by event); Redis consumers re-read their own pending entries only
 *       after a failed batch and look for dead consumers' entries on a timer; consumers write a batch's inbox rows
 *       with one statement (falling back to event-by-event only when a row already existed), read the group
 *       position and the events in one statement on PostgreSQL, and look at the retry table on a short timer
 *       rather than after every poll. V53 drops three more indexes no relay or consumer query reads (outbox
 *       created_at, events event_type, inbox consumer_name) and makes SQLite's inbox a WITHOUT ROWID table.</li>
 *   <li>Event ids are time-ordered UUIDs (version 7, {@link com.dazzleops.model.events.EventIds}) instead of
 *       Dazzle's random ones, in the same text form: they key the outbox, the PostgreSQL bus table and every inbox,
 *       and random keys dirtied about one b-tree page per event in every transaction. On SQLite the outbox's own
 *       appends carry {@code bus_ready = 1} (V55): the relay's JSON check of an envelope (see
 *       {@code JdbcEventBus.SQLITE_VALID_ROW}) is skipped for them, and consumers read their envelope text once in
 *       Java; rows written any other way are checked and read through the bus-log columns as before.</li>
 *   <li>SQLite: the relay's and the consumers' statements are prepared once per pooled connection
 *       ({@code Db.cached}) rather than inside every batch's write transaction, and producers that have their events
 *       before their transaction can serialise them first ({@code OutboxStore.prepare}), outside the single
 *       writer.</li>
 *   <li>Redis: the topic listings ({@code /topics}, {@code /consumers}, {@code /status}, the DLQ across topics, the
 *       metrics snapshot every two seconds) read a registry set {@code dazzle:meta:topics}, which the publish script,
 *       group creation and dead letters keep, instead of Dazzle's SCAN of the keyspace: the keyspace also holds a
 *       marker key per event for a week, so each SCAN grew with the traffic (2.7 s for one listing over a million
 *       markers, against 2 to 6 ms). A process's first listing walks the keyspace once ({@code SCAN ... TYPE stream})
 *       to register streams written before the registry or by another writer.</li>
 * </ul>
 */
package com.dazzleops.server.events;
