package com.dazzleops.console.core.alerts;

import com.dazzleops.console.core.checks.CheckId;

import java.time.Instant;

/**
 * An alert that is currently raised.
 *
 * @param serverId server id
 * @param serverName display name
 * @param check which check
 * @param raisedAt when it was raised
 * @param badSince when the check turned BAD
 * @param value latest value text
 * @param muted true when the server is muted (raised alerts of muted servers are kept but not announced)
 */
public record Alert(String serverId, String serverName, CheckId check, Instant raisedAt, Instant badSince,
                    String value, boolean muted) {
}
