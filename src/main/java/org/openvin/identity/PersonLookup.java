package org.openvin.identity;

import java.util.List;
import java.util.Optional;
import org.openvin.platform.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Finding a person by what identifies them nationwide — their mobile number or their ID document —
 * on a need-to-know basis: only with a purpose the profile allows ({@code limits.staff_lookup_purposes}),
 * only by the full number (never a partial match or a list of strangers), at most
 * {@code limits.staff_lookups_per_hour} per staff account counted in PostgreSQL (so across every
 * node), and every look-up audited with its purpose. Finding by reference id or confirmation number
 * needs none of this: those numbers are only known to the person and the centre that booked them.
 */
public interface PersonLookup {

    /** The purposes staff may choose from, as the profile lists them. */
    List<String> purposes();

    /** The people registered under exactly this mobile number (the account's family, at most the profile's limit). */
    List<Beneficiary> byMobile(StaffPrincipal staff, String purpose, String mobile);

    /** The one person holding exactly this ID document, if any. */
    Optional<Beneficiary> byPhotoId(StaffPrincipal staff, String purpose, Integer photoIdType, String photoIdNumber);

    /** A look-up refused because the account used up its look-ups for the hour; the API answers it with {@code Retry-After}. */
    final class TooManyLookups extends ApiException {

        public static final String CODE = "LOOKUP0002";

        public TooManyLookups(int perHour, long retryAfterSeconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, CODE, "At most " + perHour + " look-ups of people an hour; try again in "
                    + retryAfterSeconds + " s");
            retryAfter(retryAfterSeconds);
        }
    }
}
