package org.openvin.scheduling.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.CitizenPrincipal;
import org.openvin.profile.CountryProfile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The contract's beneficiary objects for an account: identity's record (masked), its vaccination
 * summary, and its open appointments with every centre field.
 */
@Component
class BeneficiaryListing {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Beneficiaries beneficiaries;
    private final JdbcClient jdbc;
    private final CountryProfile profile;

    BeneficiaryListing(Beneficiaries beneficiaries, JdbcClient jdbc, CountryProfile profile) {
        this.beneficiaries = beneficiaries;
        this.jdbc = jdbc;
        this.profile = profile;
    }

    List<Map<String, Object>> of(CitizenPrincipal citizen) {
        String mobile = beneficiaries.contactOf(citizen.accountId()).orElseThrow().mobile();
        String maskedMobile = mobile.length() <= 4 ? mobile : "X".repeat(mobile.length() - 4) + mobile.substring(mobile.length() - 4);
        Map<String, List<Map<String, Object>>> appointments = appointmentsOf(citizen.accountId());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Beneficiary b : beneficiaries.ofAccount(citizen.accountId())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("beneficiary_reference_id", b.id().value());
            m.put("name", b.name());
            m.put("birth_year", String.valueOf(b.birthYear()));
            m.put("gender", profile.gender(b.genderId()).map(g -> g.name()).orElse(""));
            m.put("mobile_number", maskedMobile);
            m.put("photo_id_type", profile.idType(b.photoIdType()).map(t -> t.name()).orElse(""));
            m.put("photo_id_number", b.photoIdMasked());
            m.put("comorbidity_ind", b.comorbidityInd());
            m.put("vaccination_status", b.vaccinationStatus());
            m.put("vaccine", b.vaccine() == null ? "" : b.vaccine());
            m.put("dose1_date", day(b.dose1Date()));
            m.put("dose2_date", day(b.dose2Date()));
            m.put("appointments", appointments.getOrDefault(b.id().value(), List.of()));
            list.add(m);
        }
        return list;
    }

    private Map<String, List<Map<String, Object>>> appointmentsOf(long accountId) {
        Map<String, List<Map<String, Object>>> byBeneficiary = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT a.beneficiary_id, a.appointment_id, a.confirmation_no, a.dose, a.slot_position, s.id AS session_id,
                               s.session_date, s.vaccine, s.fee, s.slot_labels, c.id AS centre_id, c.name, c.address,
                               c.state_id, c.district_id, c.block_name, c.pincode, c.lat, c.lng, c.opens_at, c.closes_at,
                               c.fee_type
                        FROM appointment a
                        JOIN vaccination_session s ON s.id = a.session_id
                        JOIN centre c ON c.id = s.centre_id
                        WHERE a.account_id = ? AND a.status = 'BOOKED'
                        ORDER BY s.session_date""")
                .param(accountId)
                .query(rs -> {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("center_id", rs.getLong("centre_id"));
                    a.put("name", rs.getString("name"));
                    a.put("address", rs.getString("address"));
                    a.put("state_name", profile.state(rs.getInt("state_id")).map(s -> s.name()).orElse(""));
                    a.put("district_name", profile.district(rs.getInt("district_id")).map(d -> d.name()).orElse(""));
                    a.put("block_name", rs.getString("block_name"));
                    a.put("pincode", Long.parseLong(rs.getString("pincode").replaceAll("\\D", "0")));
                    a.put("lat", rs.getBigDecimal("lat"));
                    a.put("long", rs.getBigDecimal("lng"));
                    a.put("from", CLOCK.format(rs.getObject("opens_at", LocalTime.class)));
                    a.put("to", CLOCK.format(rs.getObject("closes_at", LocalTime.class)));
                    a.put("fee_type", rs.getString("fee_type"));
                    a.put("fee", String.valueOf(rs.getInt("fee")));
                    a.put("vaccine", rs.getString("vaccine"));
                    a.put("dose", rs.getInt("dose"));
                    a.put("appointment_id", rs.getString("appointment_id"));
                    a.put("appointment_confirmation_no", rs.getString("confirmation_no"));
                    a.put("session_id", rs.getString("session_id"));
                    a.put("date", AvailabilitySearch.DAY.format(rs.getObject("session_date", LocalDate.class)));
                    String[] slots = (String[]) rs.getArray("slot_labels").getArray();
                    a.put("slot", slots[rs.getInt("slot_position")]);
                    byBeneficiary.computeIfAbsent(rs.getString("beneficiary_id"), k -> new ArrayList<>()).add(a);
                });
        return byBeneficiary;
    }

    private static String day(LocalDate date) {
        return date == null ? "" : AvailabilitySearch.DAY.format(date);
    }
}
