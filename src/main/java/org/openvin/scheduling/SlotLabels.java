package org.openvin.scheduling;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

    /**
     * When the slot ends ({@code 10:30AM} for {@code 09:30AM-10:30AM}); empty for a label that is
     * not in that form (a session's slots may be named by its publisher) or that ends at midnight,
     * i.e. at the end of the day.
     */
    public static Optional<LocalTime> end(String label) {
        int dash = label == null ? -1 : label.lastIndexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            LocalTime end = LocalTime.parse(label.substring(dash + 1).trim().toUpperCase(Locale.ENGLISH), CLOCK);
            return end.equals(LocalTime.MIDNIGHT) ? Optional.empty() : Optional.of(end);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
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
