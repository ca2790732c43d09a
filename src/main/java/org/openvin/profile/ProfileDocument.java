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
     * So may the OTP limits: the wait between OTPs to one mobile, doubling with each sent in the
     * last hour up to a cap ({@link #DEFAULT_OTP_WAIT_PER_MOBILE}); OTPs per address
     * ({@link #DEFAULT_OTP_PER_IP}); OTP SMS per minute across all nodes ({@link #DEFAULT_OTP_SMS_PER_MINUTE}).
     */
    public record Limits(int beneficiariesPerAccount, int correctionsPerBeneficiary, RateLimit publicApiRateLimit,
                         RateLimit bookingAttemptsPerAccount, RateLimit bookingAttemptsPerIp,
                         GrowingWait otpWaitPerMobile, RateLimit otpPerIp, Integer otpSmsPerMinute,
                         Integer staffLookupsPerHour, Integer staffLookupsFlagPerDay, List<String> staffLookupPurposes,
                         Integer reschedulesPerAppointment, Integer cancelRebookCyclesPerBeneficiaryPerDay) {

        public static final RateLimit DEFAULT_BOOKING_PER_ACCOUNT = new RateLimit(20, 300);
        public static final RateLimit DEFAULT_BOOKING_PER_IP = new RateLimit(300, 60);
        public static final GrowingWait DEFAULT_OTP_WAIT_PER_MOBILE = new GrowingWait(30, 900);
        public static final RateLimit DEFAULT_OTP_PER_IP = new RateLimit(30, 600);
        public static final int DEFAULT_OTP_SMS_PER_MINUTE = 1000;

        public GrowingWait otpWaitPerMobileOrDefault() {
            return otpWaitPerMobile == null ? DEFAULT_OTP_WAIT_PER_MOBILE : otpWaitPerMobile;
        }

        public RateLimit otpPerIpOrDefault() {
            return otpPerIp == null ? DEFAULT_OTP_PER_IP : otpPerIp;
        }

        public int otpSmsPerMinuteOrDefault() {
            return otpSmsPerMinute == null ? DEFAULT_OTP_SMS_PER_MINUTE : otpSmsPerMinute;
        }

        public RateLimit bookingPerAccount() {
            return bookingAttemptsPerAccount == null ? DEFAULT_BOOKING_PER_ACCOUNT : bookingAttemptsPerAccount;
        }

        public RateLimit bookingPerIp() {
            return bookingAttemptsPerIp == null ? DEFAULT_BOOKING_PER_IP : bookingAttemptsPerIp;
        }

        /** Look-ups of people by mobile or photo ID a staff account may make in an hour (60 when absent). */
        public int lookupsPerHour() {
            return staffLookupsPerHour == null ? 60 : staffLookupsPerHour;
        }

        /** Look-ups in a day past which an account is flagged to its district admins (200 when absent). */
        public int lookupsFlagPerDay() {
            return staffLookupsFlagPerDay == null ? 200 : staffLookupsFlagPerDay;
        }

        /** Why staff may look a person up; {@code PERSON_PRESENT} (the person stands at the desk) when absent. */
        public List<String> lookupPurposes() {
            return staffLookupPurposes == null || staffLookupPurposes.isEmpty() ? List.of("PERSON_PRESENT") : staffLookupPurposes;
        }

        /** How often one appointment may be moved (3 when absent). */
        public int reschedulesPerAppointmentOrDefault() {
            return reschedulesPerAppointment == null ? 3 : reschedulesPerAppointment;
        }

        /** How many appointments of one beneficiary may be cancelled in a day and booked again (2 when absent). */
        public int cancelRebookCyclesPerDay() {
            return cancelRebookCyclesPerBeneficiaryPerDay == null ? 2 : cancelRebookCyclesPerBeneficiaryPerDay;
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

    /** A wait that doubles each time, from {@code firstSeconds} up to {@code maxSeconds}. */
    public record GrowingWait(int firstSeconds, int maxSeconds) {
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
