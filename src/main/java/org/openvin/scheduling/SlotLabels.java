package org.openvin.scheduling;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CoWIN's slot strings ({@code 09:30AM-10:30AM}): a centre's day cut into hourly slots, at most
 * four, the last one running to closing time — as the captured real answers show.
 */
public final class SlotLabels {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("hh:mma", Locale.ENGLISH);
    private static final int MAX_SLOTS = 4;

    private SlotLabels() {
    }

    public static List<String> forDay(LocalTime opens, LocalTime closes) {
        List<String> labels = new ArrayList<>();
        LocalTime start = opens;
        while (start.isBefore(closes)) {
            LocalTime end = start.plusHours(1);
            boolean last = labels.size() == MAX_SLOTS - 1 || !end.isBefore(closes) || end.isBefore(start);
            if (last) {
                end = closes;
            }
            labels.add(label(start, end));
            if (last) {
                break;
            }
            start = end;
        }
        return labels;
    }

    public static String label(LocalTime from, LocalTime to) {
        return CLOCK.format(from).toUpperCase(Locale.ENGLISH) + "-" + CLOCK.format(to).toUpperCase(Locale.ENGLISH);
    }

    /** Capacity shared over slots as evenly as possible, the remainder to the earliest. */
    public static int[] share(int total, int slots) {
        int[] shares = new int[slots];
        for (int i = 0; i < slots; i++) {
            shares[i] = total / slots + (i < total % slots ? 1 : 0);
        }
        return shares;
    }
}
