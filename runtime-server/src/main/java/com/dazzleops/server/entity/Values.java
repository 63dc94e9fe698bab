package com.dazzleops.server.entity;

import com.dazzleops.model.errors.ValidationIssue;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.server.spec.FieldSpec;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Conversions between JSON input, stored values and the two wire renderings of entity rows: Pydantic's (generic CRUD:
 * datetimes with {@code Z}, decimals as strings) and FastAPI's generic encoder ({@code /_dazzle/entity} sample:
 * datetimes {@code +00:00}, decimals as numbers).
 */
public final class Values {

    private Values() {
    }

    /** Thrown when an input value does not fit its field; carries a Pydantic-style issue. */
    public static final class InvalidValue extends Exception {
        private final transient ValidationIssue issue;

        InvalidValue(ValidationIssue issue) {
            super(issue.msg(), null, false, false);
            this.issue = issue;
        }

        public ValidationIssue issue() {
            return issue;
        }
    }

    private static InvalidValue invalid(String type, String field, String msg, JsonNode input, Map<String, Object> ctx) {
        Object in = input == null ? null : input.isTextual() ? input.asText() : input.isNumber() ? input.numberValue()
                : input.isBoolean() ? input.booleanValue() : input.toString();
        return new InvalidValue(new ValidationIssue(type, List.of("body", field), msg, in, ctx));
    }

    /** JSON input → stored Java value (null for JSON null). */
    public static Object fromJson(FieldSpec f, JsonNode v) throws InvalidValue {
        if (v == null || v.isNull()) {
            return null;
        }
        String name = f.name();
        switch (f.type()) {
            case "int": {
                if (v.isIntegralNumber()) {
                    return v.longValue();
                }
                if (v.isTextual()) {
                    try {
                        return Long.parseLong(v.asText().strip());
                    } catch (NumberFormatException e) {
                        throw invalid("int_parsing", name, "Input should be a valid integer, unable to parse string as an integer", v, null);
                    }
                }
                throw invalid("int_type", name, "Input should be a valid integer", v, null);
            }
            case "float": {
                if (v.isNumber()) {
                    return v.doubleValue();
                }
                try {
                    return Double.parseDouble(v.asText());
                } catch (NumberFormatException e) {
                    throw invalid("float_parsing", name, "Input should be a valid number, unable to parse string as a number", v, null);
                }
            }
            case "decimal": {
                try {
                    BigDecimal bd = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().strip());
                    int scale = f.scale() == null ? 2 : f.scale();
                    int precision = f.precision() == null ? 15 : f.precision();
                    if (bd.scale() > scale && bd.setScale(scale, RoundingMode.UNNECESSARY) == null) {
                        throw new ArithmeticException();
                    }
                    bd = bd.setScale(scale, RoundingMode.UNNECESSARY);
                    if (bd.precision() > precision) {
                        throw invalid("decimal_max_digits", name, "Decimal input should have no more than " + precision + " digits in total", v,
                                Map.of("max_digits", precision));
                    }
                    return bd;
                } catch (NumberFormatException | ArithmeticException e) {
                    throw invalid("decimal_parsing", name, "Input should be a valid decimal", v, null);
                }
            }
            case "bool": {
                if (v.isBoolean()) {
                    return v.booleanValue();
                }
                String t = v.asText().toLowerCase(java.util.Locale.ROOT);
                if (List.of("true", "1", "yes", "on", "t", "y").contains(t)) {
                    return true;
                }
                if (List.of("false", "0", "no", "off", "f", "n").contains(t)) {
                    return false;
                }
                throw invalid("bool_parsing", name, "Input should be a valid boolean, unable to interpret input", v, null);
            }
            case "uuid":
            case "ref": {
                try {
                    return UUID.fromString(v.asText()).toString();
                } catch (IllegalArgumentException e) {
                    throw invalid("uuid_parsing", name, "Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `" + firstBad(v.asText()) + "`", v, null);
                }
            }
            case "date": {
                try {
                    return LocalDate.parse(v.asText()).toString();
                } catch (RuntimeException e) {
                    throw invalid("date_from_datetime_parsing", name, "Input should be a valid date or datetime, invalid character in year", v, null);
                }
            }
            case "datetime": {
                try {
                    return SqlTime.store(WireTime.parse(v.asText()).toInstant());
                } catch (RuntimeException e) {
                    throw invalid("datetime_from_date_parsing", name, "Input should be a valid datetime or date, invalid character in year", v, null);
                }
            }
            case "enum": {
                String s = v.asText();
                if (!f.values().isEmpty() && !f.values().contains(s)) {
                    throw invalid("enum", name, "Input should be " + expected(f.values()), v, Map.of("expected", expected(f.values())));
                }
                return s;
            }
            default: {
                if (!v.isTextual()) {
                    throw invalid("string_type", name, "Input should be a valid string", v, null);
                }
                String s = v.asText();
                if (f.maxLength() != null && s.codePointCount(0, s.length()) > f.maxLength()) {
                    throw invalid("string_too_long", name, "String should have at most " + f.maxLength() + " characters", v,
                            Map.of("max_length", f.maxLength()));
                }
                if ("email".equals(f.type()) && !s.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
                    throw invalid("value_error", name, "value is not a valid email address: An email address must have an @-sign.", v,
                            Map.of("reason", "An email address must have an @-sign."));
                }
                return s;
            }
        }
    }

    private static String firstBad(String s) {
        for (char c : s.toCharArray()) {
            if (!(Character.digit(c, 16) >= 0 || c == '-')) {
                return String.valueOf(c);
            }
        }
        return s.isEmpty() ? "" : s.substring(0, 1);
    }

    /** Pydantic's "'a', 'b' or 'c'". */
    static String expected(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(i == values.size() - 1 ? " or " : ", ");
            }
            sb.append('\'').append(values.get(i)).append('\'');
        }
        return sb.toString();
    }

    /** A query-string filter value → stored value, or null when it does not fit the field (Dazzle drops it silently). */
    public static Object fromQuery(FieldSpec f, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return fromJson(f, f.isInt() || f.isDecimal() || f.isFloat() || f.isBool()
                    ? com.fasterxml.jackson.databind.node.TextNode.valueOf(raw)
                    : com.fasterxml.jackson.databind.node.TextNode.valueOf(raw));
        } catch (InvalidValue e) {
            return null;
        }
    }

    public static void bind(PreparedStatement ps, int index, FieldSpec f, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(index, switch (f.type()) {
                case "int" -> Types.BIGINT;
                case "float" -> Types.DOUBLE;
                case "decimal" -> Types.NUMERIC;
                case "bool" -> Types.BOOLEAN;
                default -> Types.VARCHAR;
            });
            return;
        }
        switch (f.type()) {
            case "int" -> ps.setLong(index, ((Number) v).longValue());
            case "float" -> ps.setDouble(index, ((Number) v).doubleValue());
            case "decimal" -> ps.setBigDecimal(index, (BigDecimal) v);
            case "bool" -> ps.setBoolean(index, (Boolean) v);
            default -> ps.setString(index, v.toString());
        }
    }

    /** Reads one column as its stored Java value. */
    public static Object read(ResultSet rs, String column, FieldSpec f) throws SQLException {
        switch (f.type()) {
            case "int": {
                long l = rs.getLong(column);
                return rs.wasNull() ? null : l;
            }
            case "float": {
                double d = rs.getDouble(column);
                return rs.wasNull() ? null : d;
            }
            case "decimal": {
                Object o = rs.getObject(column);
                if (o == null) {
                    return null;
                }
                BigDecimal bd = o instanceof BigDecimal b ? b : new BigDecimal(o.toString());
                return bd.setScale(f.scale() == null ? 2 : f.scale(), RoundingMode.HALF_EVEN);
            }
            case "bool": {
                boolean b = rs.getBoolean(column);
                return rs.wasNull() ? null : b;
            }
            default:
                return rs.getString(column);
        }
    }

    /** Pydantic JSON rendering (generic CRUD responses). */
    public static Object toPydantic(FieldSpec f, Object v) {
        if (v == null) {
            return null;
        }
        if (f.isDateTime()) {
            return SqlTime.pydantic(v.toString());
        }
        if (f.isDecimal()) {
            return ((BigDecimal) v).toPlainString();
        }
        return v;
    }

    /** FastAPI generic encoder rendering ({@code /_dazzle/entity} sample, job payload rows). */
    public static Object toJsonable(FieldSpec f, Object v) {
        if (v == null) {
            return null;
        }
        if (f.isDateTime()) {
            return SqlTime.pythonIso(v.toString());
        }
        if (f.isDecimal()) {
            BigDecimal bd = (BigDecimal) v;
            return bd.scale() <= 0 ? (Object) bd.toBigInteger() : (Object) bd.doubleValue();
        }
        return v;
    }
}
