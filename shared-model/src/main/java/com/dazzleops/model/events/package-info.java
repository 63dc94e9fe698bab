/**
 * The event subsystem's wire contract ({@code /work/shared/contract/wire-events.md}) as immutable records.
 *
 * <p>One record per body of the {@code /_dazzle/events/*} routes (§4), the intended "inactive" bodies of §3 as
 * factories, the event envelope of §5 ({@link com.dazzleops.model.events.EventEnvelope}), and the storage shapes the
 * buses use: the Redis stream and DLQ entry fields (§8.2–8.3, {@link com.dazzleops.model.events.RedisKeys},
 * {@link com.dazzleops.model.events.RedisStreamEntry}, {@link com.dazzleops.model.events.RedisDlqEntry}), the
 * PostgreSQL DLQ row (§7.2, {@link com.dazzleops.model.events.DeadLetterRecord}) and the nack reason codes (§6.3).
 *
 * <p>Conventions shared by every record here:
 * <ul>
 *   <li>Component order is the contract's key order, so our runtime-server writes bodies byte for byte like
 *       Dazzle (compact JSON through {@link com.dazzleops.model.json.Wire}).</li>
 *   <li>Every declared key is always written; nullable keys are boxed and written as {@code null}. The only
 *       omitted keys are those of the untyped replay result ({@link com.dazzleops.model.events.ReplayResult}).</li>
 *   <li>Timestamps are {@link com.dazzleops.model.json.WireTime}: any rendering reads, the text is kept.</li>
 *   <li>Identifiers in response bodies stay strings (the server echoes path values verbatim); the envelope uses
 *       {@link java.util.UUID}.</li>
 *   <li>Strings with closed value sets ({@code broker_type}, {@code status}, {@code reason_code}) stay strings on
 *       the wire, so an unknown value from a newer server is shown, not lost; enums
 *       ({@link com.dazzleops.model.events.BrokerType}, {@link com.dazzleops.model.events.OutboxStatus},
 *       {@link com.dazzleops.model.events.ReasonCode}) interpret them.</li>
 *   <li>Lists and maps are never {@code null} after construction (a lenient read of a body missing them gives
 *       empty ones).</li>
 * </ul>
 */
package com.dazzleops.model.events;
