package com.dazzleops.server.entity;

import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spi.Actor;
import com.dazzleops.server.spi.EntityWrite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Consulted for every state transition after the state machine's own guards pass (approvals quorum is one).
 */
@FunctionalInterface
public interface TransitionGate {

    /** @return proceed, hold (the transition waits; other changes still apply) or deny (422) */
    Decision check(Connection c, EntitySpec entity, Map<String, Object> before, Map<String, Object> merged,
                   EntityWrite.StateChange change, Actor actor) throws SQLException;

    record Decision(Kind kind, String message) {
        public enum Kind { PROCEED, HOLD, DENY }

        public static Decision proceed() {
            return new Decision(Kind.PROCEED, null);
        }

        public static Decision hold(String message) {
            return new Decision(Kind.HOLD, message);
        }

        public static Decision deny(String message) {
            return new Decision(Kind.DENY, message);
        }
    }
}
