package org.openvin.scheduling.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;

/** Parsing the contract's query parameters, refusing bad ones with its error codes. */
final class SearchParameters {

    private static final DateTimeFormatter TWO_DIGIT_YEAR = DateTimeFormatter.ofPattern("dd-MM-uu")
            .withResolverStyle(ResolverStyle.STRICT);

    private SearchParameters() {
    }

    static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.trim(), AvailabilitySearch.DAY);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.badRequest("APPOIN0016", "date must be dd-mm-yyyy, for example 24-09-2021");
        }
    }

    /**
     * A search date: the contract's {@code dd-mm-yyyy}, or {@code dd-mm-yy} as a popular CoWIN
     * command-line client sends it (a two-digit year is 20yy; docs/CONTRACT-NOTES.md).
     */
    static LocalDate searchDate(String text) {
        if (text != null && text.trim().matches("\\d{2}-\\d{2}-\\d{2}")) {
            try {
                return LocalDate.parse(text.trim(), TWO_DIGIT_YEAR);
            } catch (DateTimeParseException e) {
                // refused below with the contract's message
            }
        }
        return date(text);
    }

    static String pincode(CountryProfile profile, String text) {
        String pincode = text == null ? "" : text.trim();
        if (!profile.isValidPostalCode(pincode)) {
            throw ApiException.badRequest("APPOIN0018", "Invalid Pincode");
        }
        return pincode;
    }

    static String vaccine(CountryProfile profile, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return profile.vaccine(text).orElseThrow(() ->
                ApiException.badRequest("APPOIN0017", "Unknown vaccine '" + text + "'")).name();
    }
}
