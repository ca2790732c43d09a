package org.openvin.profile;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openvin.profile.ProfileDocument.District;
import org.openvin.profile.ProfileDocument.Gender;
import org.openvin.profile.ProfileDocument.IdType;
import org.openvin.profile.ProfileDocument.State;
import org.openvin.profile.ProfileDocument.Vaccine;

/**
 * The country this OpenVIN serves: the checked {@link ProfileDocument} with the look-ups the other
 * modules need. Immutable; one instance per application.
 */
public final class CountryProfile {

    private final String source;
    private final ProfileDocument document;
    private final Map<Integer, State> states;
    private final Map<Integer, District> districts;
    private final Map<Integer, List<District>> districtsByState;
    private final Map<Integer, IdType> idTypes;
    private final Map<Integer, Gender> genders;
    private final Map<String, Vaccine> vaccines;
    private final Pattern postalCode;
    private final Pattern mobile;
    private final ZoneId zone;

    CountryProfile(String source, ProfileDocument document) {
        this.source = source;
        this.document = document;
        this.states = index(document.states(), State::id);
        this.districts = index(document.districts(), District::id);
        this.districtsByState = Collections.unmodifiableMap(document.districts().stream()
                .collect(Collectors.groupingBy(District::stateId, LinkedHashMap::new, Collectors.toUnmodifiableList())));
        this.idTypes = index(document.idTypes(), IdType::id);
        this.genders = index(document.genders(), Gender::id);
        this.vaccines = index(document.vaccines(), v -> v.name().toUpperCase());
        this.postalCode = Pattern.compile(document.postalCode().pattern());
        this.mobile = Pattern.compile(document.mobile().pattern());
        this.zone = ZoneId.of(document.timezone());
    }

    private static <K, V> Map<K, V> index(List<V> values, Function<V, K> key) {
        Map<K, V> map = new LinkedHashMap<>();
        values.forEach(v -> map.put(key.apply(v), v));
        return Collections.unmodifiableMap(map);
    }

    /** Where the profile was read from, for messages. */
    public String source() {
        return source;
    }

    public ProfileDocument document() {
        return document;
    }

    public String code() {
        return document.code();
    }

    public String name() {
        return document.name();
    }

    /** The country's name in a language ("Perú" in Spanish), the base name where the profile has none. */
    public String name(String language) {
        return document.names() == null ? document.name() : document.names().getOrDefault(language, document.name());
    }

    /** The currency centre fees are in (the profile's ISO 4217 code). */
    public java.util.Currency currency() {
        return java.util.Currency.getInstance(document.currency());
    }

    public ZoneId zone() {
        return zone;
    }

    public String defaultLanguage() {
        return document.languages().defaultLanguage();
    }

    public List<String> languages() {
        return document.languages().supported();
    }

    public List<State> states() {
        return document.states();
    }

    public Optional<State> state(int id) {
        return Optional.ofNullable(states.get(id));
    }

    public Optional<District> district(int id) {
        return Optional.ofNullable(districts.get(id));
    }

    public List<District> districtsOf(int stateId) {
        return districtsByState.getOrDefault(stateId, List.of());
    }

    public List<IdType> idTypes() {
        return document.idTypes();
    }

    public Optional<IdType> idType(int id) {
        return Optional.ofNullable(idTypes.get(id));
    }

    public List<Gender> genders() {
        return document.genders();
    }

    public Optional<Gender> gender(int id) {
        return Optional.ofNullable(genders.get(id));
    }

    public List<Vaccine> vaccines() {
        return document.vaccines();
    }

    /** The vaccine by the name the public API shows, ignoring case. */
    public Optional<Vaccine> vaccine(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(vaccines.get(name.trim().toUpperCase()));
    }

    public boolean isValidPostalCode(String value) {
        return value != null && postalCode.matcher(value).matches();
    }

    public boolean isValidMobile(String value) {
        return value != null && mobile.matcher(value).matches();
    }

    public ProfileDocument.Offline offline() {
        return document.offline() == null ? ProfileDocument.Offline.DEFAULT : document.offline();
    }

    public ProfileDocument.Limits limits() {
        return document.limits();
    }

    public ProfileDocument.Certificates certificates() {
        return document.certificates();
    }

    /** Whether an OTP is sent only against a solved captcha; not unless the profile says so. */
    public boolean captchaRequired() {
        return document.captcha() != null && document.captcha().required();
    }

    /**
     * The supported language a client asked for in {@code Accept-Language} (CoWIN clients send
     * {@code hi_IN}; browsers send {@code hi-IN,hi;q=0.9}), or null when none is supported.
     */
    public String languageOf(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return null;
        }
        for (String part : acceptLanguage.split(",")) {
            // limit -1: a part such as ";;" or "-" still has a first piece (empty), never none
            String tag = part.split(";", -1)[0].trim().toLowerCase();
            String language = tag.split("[-_]", -1)[0];
            if (languages().contains(language)) {
                return language;
            }
        }
        return null;
    }
}
