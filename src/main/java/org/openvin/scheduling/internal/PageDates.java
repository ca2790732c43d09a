package org.openvin.scheduling.internal;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates and numbers on pages, written the way the visitor's language writes them. */
final class PageDates {

    private PageDates() {
    }

    /** A calendar column: "Mon 3 Mar", "सोम 3 मार्च", "lun. 3 mars". */
    static String day(LocalDate date, Locale locale) {
        return DateTimeFormatter.ofPattern("EEE d MMM", locale).format(date);
    }

    /** A full date: "3 Mar 2025", "3 मार्च 2025", "3 mars 2025". */
    static String date(LocalDate date, Locale locale) {
        return org.openvin.platform.PageDates.date(date, locale);
    }

    static String number(long n, Locale locale) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    /** A fee in the country's currency: "₹780", "780 F CFA", "S/ 780". */
    static String money(long amount, java.util.Currency currency, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(0);
        format.setMaximumFractionDigits(0);
        return format.format(amount);
    }

    static LocalDate parseContractDay(String ddMMyyyy) {
        return LocalDate.parse(ddMMyyyy, AvailabilitySearch.DAY);
    }
}
