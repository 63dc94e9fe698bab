package com.dazzleops.server.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An approval block: which rows wait for approval ({@code trigger}), which transition it gates, who approves, how
 * many distinct approvers are needed, and the amount band it applies to (per-tenant threshold).
 */
public record ApprovalSpec(String name, String title, String entity, Trigger trigger, Gate gates,
                           @JsonProperty("approver_role") String approverRole, int quorum, Threshold threshold) {

    public record Trigger(String field, String value) {
    }

    public record Gate(String field, String from, String to) {
    }

    /** {@code field op tenantConfig[tenantConfigKey]}, op one of {@code <=, <, >, >=}. */
    public record Threshold(String field, String op, @JsonProperty("tenant_config_key") String tenantConfigKey) {
        public boolean applies(java.math.BigDecimal value, java.math.BigDecimal limit) {
            if (value == null || limit == null) {
                return "<=".equals(op) || "<".equals(op); // no threshold known: the standard band applies
            }
            int c = value.compareTo(limit);
            return switch (op) {
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException("unknown threshold operator " + op);
            };
        }
    }

    public String triggerField() {
        return trigger == null || trigger.field() == null ? "status" : trigger.field();
    }

    public String triggerValue() {
        return trigger == null ? null : trigger.value();
    }
}
