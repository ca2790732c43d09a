package org.openvin.scheduling.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;

/** Parsing the contract's query parameters, refusing bad ones with its error codes. */
final class SearchParameters {

    private SearchParameters() {
    }

    static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.trim(), AvailabilitySearch.DAY);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.badRequest("APPOIN0016", "date must be dd-mm-yyyy, for example 24-09-2021");
        }
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
