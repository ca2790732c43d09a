package org.openvin.profile.internal;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openvin.profile.ProfileDocument;

/**
 * Checks a profile before anything uses it: every reference resolves, every id is unique, every
 * pattern compiles. Each problem names the field as a path ({@code districts[3].state_id}).
 */
public final class ProfileValidator {

    static final Set<String> FORMATS = Set.of("w3c-vc", "eu-dcc", "shc");
    private static final Set<String> CHECKSUMS = Set.of("verhoeff", "luhn", "none");
    private static final Set<String> GENDER_CODES = Set.of("male", "female", "other");
    private static final Set<String> MASKS = Set.of("last4", "none");

    private final List<String> problems = new ArrayList<>();

    public static List<String> problemsOf(ProfileDocument p) {
        ProfileValidator v = new ProfileValidator();
        v.check(p);
        return v.problems;
    }

    private void check(ProfileDocument p) {
        require(p.code() != null && p.code().matches("[A-Z]{2}"), "code", "must be an ISO 3166-1 alpha-2 code such as IN");
        require(notBlank(p.name()), "name", "is missing");
        checkLanguages(p);
        if (required(p.timezone(), "timezone")) {
            try {
                ZoneId.of(p.timezone());
            } catch (RuntimeException e) {
                problem("timezone", "'" + p.timezone() + "' is not a time zone id such as Asia/Kolkata");
            }
        }
        if (required(p.currency(), "currency")) {
            try {
                java.util.Currency.getInstance(p.currency());
            } catch (IllegalArgumentException e) {
                problem("currency", "'" + p.currency() + "' is not an ISO 4217 currency code such as INR");
            }
        }
        if (required(p.postalCode(), "postal_code")) {
            pattern(p.postalCode().pattern(), "postal_code.pattern");
        }
        if (required(p.mobile(), "mobile")) {
            pattern(p.mobile().pattern(), "mobile.pattern");
        }
        Set<Integer> stateIds = new HashSet<>();
        if (nonEmpty(p.states(), "states")) {
            for (int i = 0; i < p.states().size(); i++) {
                var s = p.states().get(i);
                String at = "states[" + i + "]";
                unique(stateIds, s.id(), at + ".id");
                require(notBlank(s.name()), at + ".name", "is missing");
            }
        }
        Set<Integer> districtIds = new HashSet<>();
        if (nonEmpty(p.districts(), "districts")) {
            for (int i = 0; i < p.districts().size(); i++) {
                var d = p.districts().get(i);
                String at = "districts[" + i + "]";
                unique(districtIds, d.id(), at + ".id");
                require(notBlank(d.name()), at + ".name", "is missing");
                require(stateIds.contains(d.stateId()), at + ".state_id",
                        "no state with id " + d.stateId() + " (district '" + d.name() + "')");
            }
        }
        if (nonEmpty(p.idTypes(), "id_types")) {
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < p.idTypes().size(); i++) {
                var t = p.idTypes().get(i);
                String at = "id_types[" + i + "]";
                unique(ids, t.id(), at + ".id");
                require(notBlank(t.name()), at + ".name", "is missing");
                pattern(t.pattern(), at + ".pattern");
                require(t.checksum() == null || CHECKSUMS.contains(t.checksum()), at + ".checksum",
                        "'" + t.checksum() + "' is not one of " + CHECKSUMS);
                require(t.mask() == null || MASKS.contains(t.mask()), at + ".mask",
                        "'" + t.mask() + "' is not one of " + MASKS);
            }
        }
        if (nonEmpty(p.genders(), "genders")) {
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < p.genders().size(); i++) {
                var g = p.genders().get(i);
                String at = "genders[" + i + "]";
                unique(ids, g.id(), at + ".id");
                require(GENDER_CODES.contains(g.code()), at + ".code", "'" + g.code() + "' is not one of " + GENDER_CODES);
            }
        }
        Set<String> vaccineNames = new HashSet<>();
        if (nonEmpty(p.vaccines(), "vaccines")) {
            for (int i = 0; i < p.vaccines().size(); i++) {
                var v = p.vaccines().get(i);
                String at = "vaccines[" + i + "]";
                if (!notBlank(v.name())) {
                    problem(at + ".name", "is missing");
                    continue;
                }
                unique(vaccineNames, v.name().toUpperCase(), at + ".name");
                require(v.doses() >= 1, at + ".doses", "must be at least 1");
                if (v.doses() > 1) {
                    require(v.minIntervalDays() > 0, at + ".min_interval_days", "must be positive for a multi-dose vaccine");
                    require(v.maxIntervalDays() >= v.minIntervalDays(), at + ".max_interval_days",
                            "must not be below min_interval_days");
                }
                require(v.minAge() == null || v.maxAge() == null || v.minAge() <= v.maxAge(), at + ".max_age",
                        "must not be below min_age");
                require(v.codes() != null, at + ".codes", "are missing (certificates need them)");
                require(v.openVialHours() == null || v.openVialHours() >= 1 && v.openVialHours() <= 24 * 28,
                        at + ".open_vial_hours", "must be between 1 and 672 (28 days)");
            }
        }
        if (p.ageGroups() != null) {
            for (int i = 0; i < p.ageGroups().size(); i++) {
                var g = p.ageGroups().get(i);
                require(g.max() == null || g.min() <= g.max(), "age_groups[" + i + "].max", "must not be below min");
            }
        }
        if (required(p.limits(), "limits")) {
            require(p.limits().beneficiariesPerAccount() >= 1, "limits.beneficiaries_per_account", "must be at least 1");
            var otpWait = p.limits().otpWaitPerMobileOrDefault();
            require(otpWait.firstSeconds() >= 1 && otpWait.maxSeconds() >= otpWait.firstSeconds()
                    && otpWait.maxSeconds() <= 3600, "limits.otp_wait_per_mobile",
                    "first_seconds must be at least 1 and max_seconds between it and 3600 (a longer wait locks owners out)");
            require(p.limits().otpSmsPerMinuteOrDefault() >= 1, "limits.otp_sms_per_minute", "must be at least 1");
            if (required(p.limits().publicApiRateLimit(), "limits.public_api_rate_limit")) {
                require(p.limits().publicApiRateLimit().requests() >= 1 && p.limits().publicApiRateLimit().perSeconds() >= 1,
                        "limits.public_api_rate_limit", "requests and per_seconds must be at least 1");
            }
            for (var limit : java.util.Map.of("limits.booking_attempts_per_account", p.limits().bookingPerAccount(),
                    "limits.booking_attempts_per_ip", p.limits().bookingPerIp(),
                    "limits.otp_per_ip", p.limits().otpPerIpOrDefault()).entrySet()) {
                require(limit.getValue().requests() >= 1 && limit.getValue().perSeconds() >= 1, limit.getKey(),
                        "requests and per_seconds must be at least 1");
            }
            require(p.limits().lookupsPerHour() >= 1, "limits.staff_lookups_per_hour", "must be at least 1");
            require(p.limits().lookupsFlagPerDay() >= 1, "limits.staff_lookups_flag_per_day", "must be at least 1");
            require(p.limits().lookupPurposes().stream().allMatch(x -> x != null && x.matches("[A-Z][A-Z0-9_]{0,39}")),
                    "limits.staff_lookup_purposes", "must be codes in capitals, e.g. PERSON_PRESENT");
            require(p.limits().reschedulesPerAppointmentOrDefault() >= 0, "limits.reschedules_per_appointment", "must not be negative");
            require(p.limits().cancelRebookCyclesPerDay() >= 0, "limits.cancel_rebook_cycles_per_beneficiary_per_day",
                    "must not be negative");
        }
        checkCertificates(p);
        checkDemoCentres(p, districtIds, vaccineNames);
    }

    private void checkLanguages(ProfileDocument p) {
        if (!required(p.languages(), "languages")) {
            return;
        }
        if (nonEmpty(p.languages().supported(), "languages.supported")) {
            require(p.languages().supported().contains(p.languages().defaultLanguage()), "languages.default",
                    "'" + p.languages().defaultLanguage() + "' is not in languages.supported");
        }
    }

    private void checkCertificates(ProfileDocument p) {
        var c = p.certificates();
        if (!required(c, "certificates")) {
            return;
        }
        if (nonEmpty(c.formats(), "certificates.formats")) {
            for (int i = 0; i < c.formats().size(); i++) {
                require(FORMATS.contains(c.formats().get(i)), "certificates.formats[" + i + "]",
                        "'" + c.formats().get(i) + "' is not one of " + FORMATS);
            }
        }
        if (required(c.issuer(), "certificates.issuer")) {
            require(notBlank(c.issuer().name()), "certificates.issuer.name", "is missing");
            require(c.issuer().url() != null && c.issuer().url().startsWith("https://") && !c.issuer().url().endsWith("/"),
                    "certificates.issuer.url", "must be an https URL without a trailing slash");
            require(c.issuer().country() != null && c.issuer().country().matches("[A-Z]{2}"),
                    "certificates.issuer.country", "must be an ISO 3166-1 alpha-2 code");
        }
        required(c.disease(), "certificates.disease");
    }

    private void checkDemoCentres(ProfileDocument p, Set<Integer> districtIds, Set<String> vaccineNames) {
        if (p.demoCentres() == null) {
            return;
        }
        Pattern postal = p.postalCode() == null ? null : compileQuietly(p.postalCode().pattern());
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < p.demoCentres().size(); i++) {
            var c = p.demoCentres().get(i);
            String at = "demo_centres[" + i + "]";
            require(ids.add(c.id()), at + ".id", "duplicate id " + c.id());
            require(districtIds.contains(c.districtId()), at + ".district_id", "no district with id " + c.districtId());
            require(postal == null || (c.pincode() != null && postal.matcher(c.pincode()).matches()), at + ".pincode",
                    "'" + c.pincode() + "' does not match postal_code.pattern");
            require("Free".equals(c.feeType()) || "Paid".equals(c.feeType()), at + ".fee_type", "must be Free or Paid");
            if (nonEmpty(c.vaccines(), at + ".vaccines")) {
                for (String v : c.vaccines()) {
                    require(vaccineNames.contains(v.toUpperCase()), at + ".vaccines", "unknown vaccine '" + v + "'");
                }
            }
        }
    }

    private <T> void unique(Set<T> seen, T id, String field) {
        require(seen.add(id), field, "duplicate id " + id);
    }

    private void pattern(String regex, String field) {
        if (!required(regex, field)) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problem(field, "'" + regex + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    private static Pattern compileQuietly(String regex) {
        try {
            return regex == null ? null : Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private boolean required(Object value, String field) {
        if (value == null) {
            problem(field, "is missing");
            return false;
        }
        return true;
    }

    private boolean nonEmpty(List<?> list, String field) {
        if (list == null || list.isEmpty()) {
            problem(field, "must list at least one entry");
            return false;
        }
        return true;
    }

    private void require(boolean ok, String field, String message) {
        if (!ok) {
            problem(field, message);
        }
    }

    private void problem(String field, String message) {
        problems.add(field + ": " + message);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

}
