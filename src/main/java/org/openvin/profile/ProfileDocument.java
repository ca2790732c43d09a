package org.openvin.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The country profile exactly as written in its YAML file (snake_case keys). {@link CountryProfile}
 * wraps it with look-ups; the records here are the vocabulary every module uses.
 */
public record ProfileDocument(
        String code,
        String name,
        Map<String, String> names,
        Languages languages,
        String timezone,
        String currency,
        PostalCode postalCode,
        Mobile mobile,
        List<State> states,
        List<District> districts,
        List<IdType> idTypes,
        List<Gender> genders,
        List<Vaccine> vaccines,
        List<AgeGroup> ageGroups,
        Limits limits,
        Certificates certificates,
        List<DemoCentre> demoCentres,
        Captcha captcha,
        Offline offline) {

    public record Languages(@JsonProperty("default") String defaultLanguage, List<String> supported) {
    }

    public record PostalCode(String name, String pattern) {
    }

    public record Mobile(String pattern, String countryCallingCode) {
    }

    public record State(int id, String name, Map<String, String> names, Long population) implements Named {
    }

    public record District(int id, int stateId, String name, Map<String, String> names, Long population)
            implements Named {
    }

    public record IdType(int id, String name, Map<String, String> names, String pattern, String checksum,
                         String mask) implements Named {
    }

    public record Gender(int id, String name, Map<String, String> names, String code) implements Named {
    }

    /** {@code openVialHours}: how long an opened multi-dose vial stays usable (WHO open-vial policy); 4 when absent. */
    public record Vaccine(String name, String manufacturer, int doses, int minIntervalDays, int maxIntervalDays,
                          Integer minAge, Integer maxAge, Integer boosterMinDays, VaccineCodes codes,
                          Integer openVialHours) {

        public int openVialHoursOrDefault() {
            return openVialHours == null ? 4 : openVialHours;
        }
    }

    public record VaccineCodes(String snomed, String atc, String euProduct, String euManufacturer, String icd11,
                               String cvx) {
    }

    public record AgeGroup(String name, int min, Integer max) {
    }

    /**
     * The booking-attempt limits (schedule, reschedule, cancel) may be left out: a bot retrying a
     * refused booking is then slowed at {@link #DEFAULT_BOOKING_PER_ACCOUNT} and {@link #DEFAULT_BOOKING_PER_IP}.
     */
    public record Limits(int beneficiariesPerAccount, int correctionsPerBeneficiary, RateLimit publicApiRateLimit,
                         int otpPerMobilePerHour, RateLimit bookingAttemptsPerAccount, RateLimit bookingAttemptsPerIp) {

        public static final RateLimit DEFAULT_BOOKING_PER_ACCOUNT = new RateLimit(20, 300);
        public static final RateLimit DEFAULT_BOOKING_PER_IP = new RateLimit(300, 60);

        public RateLimit bookingPerAccount() {
            return bookingAttemptsPerAccount == null ? DEFAULT_BOOKING_PER_ACCOUNT : bookingAttemptsPerAccount;
        }

        public RateLimit bookingPerIp() {
            return bookingAttemptsPerIp == null ? DEFAULT_BOOKING_PER_IP : bookingAttemptsPerIp;
        }
    }

    public record RateLimit(int requests, int perSeconds) {
    }

    /**
     * The offline vaccinator console: a prepared session stays usable on the device for
     * {@code shiftHours}; a device clock more than {@code clockToleranceMinutes} from the server's
     * is flagged on the doses it syncs. May be left out (12 hours, 10 minutes).
     */
    public record Offline(Integer shiftHours, Integer clockToleranceMinutes) {

        public static final Offline DEFAULT = new Offline(12, 10);

        public int shiftHoursOrDefault() {
            return shiftHours == null ? DEFAULT.shiftHours : shiftHours;
        }

        public int clockToleranceMinutesOrDefault() {
            return clockToleranceMinutes == null ? DEFAULT.clockToleranceMinutes : clockToleranceMinutes;
        }
    }

    /** {@code required}: an OTP is sent only against a solved captcha (POST /api/v2/auth/getRecaptcha). */
    public record Captcha(boolean required) {
    }

    public record Certificates(List<String> formats, Issuer issuer, Disease disease) {
    }

    public record Issuer(String name, String url, String country) {
    }

    public record Disease(String snomed, String name) {
    }

    public record DemoCentre(long id, String name, String address, int districtId, String blockName, String pincode,
                             BigDecimal lat, @JsonProperty("long") BigDecimal lng, String from, String to, String feeType,
                             Map<String, Integer> vaccineFees, List<String> vaccines) {
    }

    /** Anything with an English name and localised copies by language code. */
    public interface Named {
        String name();

        Map<String, String> names();

        default String name(String language) {
            if (language == null || names() == null) {
                return name();
            }
            return names().getOrDefault(language, name());
        }
    }
}
