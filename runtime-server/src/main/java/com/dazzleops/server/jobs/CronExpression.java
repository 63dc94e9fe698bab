package com.dazzleops.server.jobs;

import java.time.ZonedDateTime;
import java.util.BitSet;

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC as Dazzle does. Fields
 * accept {@code *}, numbers, ranges {@code a-b}, lists {@code a,b} and steps {@code * /n} or {@code a-b/n}.
 */
public final class CronExpression {

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final String text;

    private CronExpression(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("cron needs 5 fields, got \"" + text + "\"");
        }
        this.text = text;
        minutes = parse(f[0], 0, 59);
        hours = parse(f[1], 0, 23);
        days = parse(f[2], 1, 31);
        months = parse(f[3], 1, 12);
        weekdays = parse(f[4], 0, 7);
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
    }

    public static CronExpression parse(String text) {
        return new CronExpression(text);
    }

    private static BitSet parse(String field, int min, int max) {
        BitSet b = new BitSet(max + 1);
        for (String part : field.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
                if (step < 1) {
                    throw new IllegalArgumentException("cron step must be >= 1 in " + field);
                }
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                String[] r = range.split("-", 2);
                lo = Integer.parseInt(r[0]);
                hi = Integer.parseInt(r[1]);
            } else {
                lo = Integer.parseInt(range);
                hi = slash >= 0 ? max : lo;
            }
            if (lo < min || hi > max || lo > hi) {
                throw new IllegalArgumentException("cron value out of range in " + field);
            }
            for (int i = lo; i <= hi; i += step) {
                b.set(i);
            }
        }
        return b;
    }

    /** True when the minute of {@code t} (UTC) matches. */
    public boolean matches(ZonedDateTime t) {
        return minutes.get(t.getMinute()) && hours.get(t.getHour()) && days.get(t.getDayOfMonth())
                && months.get(t.getMonthValue()) && weekdays.get(t.getDayOfWeek().getValue() % 7);
    }

    @Override
    public String toString() {
        return text;
    }
}
