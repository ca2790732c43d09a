package org.openvin.vaccination.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.Appointments;
import org.openvin.stock.StockLedger;
import org.springframework.stereotype.Component;

/** The offline pack: what a vaccinator's device stores before a session is worked offline. */
@Component
class OfflinePacks {

    private final Appointments appointments;
    private final Beneficiaries beneficiaries;
    private final StockLedger stock;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final Clock clock;

    OfflinePacks(Appointments appointments, Beneficiaries beneficiaries, StockLedger stock, CountryProfile profile,
                 AuditTrail audit, Clock clock) {
        this.appointments = appointments;
        this.beneficiaries = beneficiaries;
        this.stock = stock;
        this.profile = profile;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What a device stores to work a session offline: the facility's queue of the day, its usable
     * lots with the doses left, the profile's vaccines and rules, the console's texts, and when the
     * prepared session stops being usable offline (the profile's shift).
     */
    Map<String, Object> prepare(StaffPrincipal staff, String date, Locale locale) {
        Long centre = staff.scope().centreId();
        if (centre == null) {
            throw ApiException.forbidden("VACCIN0017", "You can record doses only at your own facility");
        }
        LocalDate day;
        try {
            day = date == null || date.isBlank() ? LocalDate.now(clock.withZone(profile.zone())) : LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("VACCIN0039", "date must be an ISO date (yyyy-mm-dd)");
        }
        Instant now = clock.instant();
        String lang = locale.getLanguage();
        Map<String, Object> pack = new LinkedHashMap<>();
        pack.put("centre_id", centre);
        pack.put("date", day.toString());
        pack.put("staff", staff.username());
        pack.put("prepared_at", now.toString());
        pack.put("expires_at", now.plus(Duration.ofHours(profile.offline().shiftHoursOrDefault())).toString());
        pack.put("clock_tolerance_minutes", profile.offline().clockToleranceMinutesOrDefault());
        pack.put("timezone", profile.zone().getId());
        pack.put("queue", appointments.bookedAt(centre, day).stream()
                .flatMap(a -> beneficiaries.find(a.beneficiaryId()).stream().map(b -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("beneficiary_reference_id", b.id().value());
                    m.put("name", b.name());
                    m.put("birth_year", b.birthYear());
                    m.put("dose", a.dose());
                    m.put("confirmation_number", a.confirmationNo());
                    m.put("session_id", a.sessionId().toString());
                    m.put("doses_received", b.dosesReceived());
                    m.put("vaccine", b.vaccine() == null ? "" : b.vaccine());
                    m.put("last_dose_date", b.lastDoseDate() == null ? "" : b.lastDoseDate().toString());
                    return m;
                })).toList());
        pack.put("lots", stock.usableLotDoses(centre, day).stream().map(l -> Map.of(
                "vaccine", l.lot().vaccine(), "lot_number", l.lot().lotNumber(),
                "expires_on", l.lot().expiresOn().toString(), "remaining_doses", l.doses())).toList());
        pack.put("vaccines", profile.vaccines().stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("doses", v.doses());
            m.put("min_interval_days", v.minIntervalDays());
            m.put("booster_min_days", v.boosterMinDays());
            m.put("min_age", v.minAge());
            m.put("max_age", v.maxAge());
            return m;
        }).toList());
        pack.put("id_types", profile.idTypes().stream().map(t -> Map.of("id", t.id(), "name", t.name(lang))).toList());
        pack.put("genders", profile.genders().stream().map(g -> Map.of("id", g.id(), "name", g.name(lang))).toList());
        pack.put("messages", consoleTexts(locale));
        audit.record("OFFLINE_PACK", "centre:" + centre, "session of " + day + " prepared for offline work");
        return pack;
    }

    /** The console's texts ({@code offline.*} keys) in the staff member's language. */
    static Map<String, String> consoleTexts(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle("messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> texts = new LinkedHashMap<>();
        for (String key : bundle.keySet()) {
            if (key.startsWith("offline.")) {
                texts.put(key, bundle.getString(key));
            }
        }
        return texts;
    }
}
