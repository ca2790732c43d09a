package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.identity.internal.TestAadhaar;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Centres, sessions and registered citizens for scheduling tests. */
public final class Fixtures {

    public static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private Fixtures() {
    }

    /**
     * A slot lasting all day (it ends at midnight), for tests that book a session of today and
     * must pass at any hour: a slot already over cannot be booked.
     */
    public static final List<String> ALL_DAY = List.of("12:00AM-12:00AM");

    public static LocalDate today() {
        return LocalDate.now(INDIA);
    }

    public static void centre(JdbcClient jdbc, long id, int districtId, String pincode) {
        int state = districtId == 395 || districtId == 363 ? 21 : 16;
        jdbc.sql("""
                        INSERT INTO centre (id, name, address, state_id, district_id, block_name, pincode, lat, lng,
                                            opens_at, closes_at, fee_type, vaccine_fees)
                        VALUES (?, ?, 'Main Road', ?, ?, 'Ward T', ?, 19.17, 72.95, '09:30', '16:00', 'Paid',
                                '{"COVISHIELD": 780}'::jsonb)
                        ON CONFLICT DO NOTHING""")
                .params(id, "Centre " + id, state, districtId, pincode).update();
    }

    public static UUID session(PublishingSession publishing, long centre, LocalDate date, String vaccine, int dose1,
                               int dose2, int minAge, Integer maxAge) {
        UUID id = UUID.randomUUID();
        publishing.publish(new NewSession(id, centre, date, vaccine, minAge, maxAge, dose1, dose2, 0, 0, List.of()));
        return id;
    }

    /** A session of one {@link #ALL_DAY} slot. */
    public static UUID allDaySession(PublishingSession publishing, long centre, LocalDate date, String vaccine, int dose1,
                                     int dose2) {
        UUID id = UUID.randomUUID();
        publishing.publish(new NewSession(id, centre, date, vaccine, 18, null, dose1, dose2, 0, 0, ALL_DAY));
        return id;
    }

    public record Family(Api api, List<String> members) {
    }

    /** A citizen with {@code n} registered members born in {@code birthYear}. */
    public static Family family(Api api, int n, int birthYear) {
        Api citizen = Citizens.login(api, Citizens.newMobile());
        List<String> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var created = citizen.post("/api/v2/registration/beneficiary/new", Map.of("name", "Member " + (char) ('A' + i),
                    "birth_year", String.valueOf(birthYear), "gender_id", 2, "photo_id_type", 1,
                    "photo_id_number", TestAadhaar.next()));
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            members.add(created.json().get("beneficiary_reference_id").asString());
        }
        return new Family(citizen, members);
    }

    public static Map<String, Object> booking(int dose, UUID session, String slot, String... beneficiaries) {
        return Map.of("dose", dose, "session_id", session.toString(), "slot", slot, "beneficiaries", List.of(beneficiaries));
    }
}
