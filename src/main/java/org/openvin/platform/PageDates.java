package org.openvin.platform;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Calendar dates on pages, written the way the reader's language writes them ("3 Dec 2026",
 * "3 déc. 2026", "3 दिस॰ 2026"). Use cases answer ISO dates, as the API contract does; templates
 * turn them into the reader's form with {@code ${@pageDates.date(iso)}}.
 */
@Component("pageDates")
public class PageDates {

    public static String date(LocalDate date, Locale locale) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(date);
    }

    /** An ISO date (or the date part of an ISO date-time) in the current request's language; anything else as it is. */
    public String date(Object iso) {
        if (iso == null) {
            return "";
        }
        if (iso instanceof LocalDate day) {
            return date(day, LocaleContextHolder.getLocale());
        }
        String text = iso.toString();
        try {
            return date(LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text), LocaleContextHolder.getLocale());
        } catch (DateTimeParseException notADate) {
            return text;
        }
    }
}
