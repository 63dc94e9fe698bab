package com.dazzleops.model.json;

import java.math.BigDecimal;

/**
 * Renders a double the way Python's {@code json.dumps} does ({@code repr(float)}): shortest digits, {@code 1.0} for
 * whole values, scientific notation only below 1e-4 or from 1e16 ({@code 1e-05}, {@code 1.5e+16}).
 */
public final class PyFloat {
    private PyFloat() {
    }

    public static String repr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String sign = bd.signum() < 0 ? "-" : "";
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        if (exp < -4 || exp >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        String plain = bd.abs().toPlainString();
        if (plain.indexOf('.') < 0) {
            plain = plain + ".0";
        }
        return sign + plain;
    }

    /** Python's {@code round(value, ndigits)} for the common case of display rounding (half-even on the decimal). */
    public static double round(double value, int ndigits) {
        return new BigDecimal(Double.toString(value)).setScale(ndigits, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
