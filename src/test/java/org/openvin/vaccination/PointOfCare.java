package org.openvin.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.openvin.scheduling.Fixtures;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.identity.internal.TestAadhaar;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Test fixtures for the point of care: centres, sessions, staff and beneficiaries straight into the database. */
public final class PointOfCare {

    private static final AtomicLong nextCentre = new AtomicLong(800_000 + (System.nanoTime() % 10_000));
    private static final AtomicLong nextStaff = new AtomicLong();

    private PointOfCare() {
    }

    /** The lot number {@link #dose} records; every {@link #centre} holds stock of it for COVAXIN. */
    public static final String LOT = "B-4711";

    /** A new centre (Mumbai district 395) that has received 100 vials of 10 doses of COVAXIN and of COVISHIELD lot {@link #LOT}. */
    public static long centre(JdbcClient jdbc) {
        long id = unstockedCentre(jdbc);
        receive(jdbc, id, "COVAXIN", LOT, 100);
        receive(jdbc, id, "COVISHIELD", LOT, 100);
        return id;
    }

    public static long unstockedCentre(JdbcClient jdbc) {
        long id = nextCentre.incrementAndGet();
        jdbc.sql("INSERT INTO centre (id, name, address, state_id, district_id, pincode) VALUES (?, ?, 'Main Road', 21, 395, '400080')")
                .params(id, "Test Centre " + id).update();
        return id;
    }

    /**
     * Registers the lot if need be (10 doses a vial, expiring in a year) and receives vials at the
     * centre as the stock API would: a RECEIVED ledger row and the balance it sums to.
     */
    public static long receive(JdbcClient jdbc, long centre, String vaccine, String lot, int vials) {
        jdbc.sql("""
                        INSERT INTO stock_lot (vaccine, lot_number, manufacturer, expires_on, doses_per_vial, registered_by)
                        VALUES (?, ?, 'Test Manufacturer', ?, 10, 'test') ON CONFLICT DO NOTHING""")
                .params(vaccine, lot, LocalDate.now(Fixtures.INDIA).plusYears(1)).update();
        long lotId = jdbc.sql("SELECT id FROM stock_lot WHERE vaccine = ? AND lot_number = ?").params(vaccine, lot)
                .query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO stock_ledger (centre_id, lot_id, reason, doses_delta, vials_delta, actor, actor_role, at)
                        VALUES (?, ?, 'RECEIVED', ?, ?, 'test', 'SYSTEM', now())""")
                .params(centre, lotId, vials * 10, vials).update();
        jdbc.sql("""
                        INSERT INTO stock_balance (centre_id, lot_id, sealed_vials, doses) VALUES (?, ?, ?, ?)
                        ON CONFLICT (centre_id, lot_id) DO UPDATE SET sealed_vials = stock_balance.sealed_vials + EXCLUDED.sealed_vials,
                            doses = stock_balance.doses + EXCLUDED.doses""")
                .params(centre, lotId, vials, vials * 10).update();
        return lotId;
    }

    public static UUID session(JdbcClient jdbc, long centre, String vaccine, int minAge, Integer maxAge) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO vaccination_session (id, centre_id, session_date, vaccine, min_age, max_age, capacity_dose1, capacity_dose2)
                        VALUES (?, ?, ?, ?, ?, ?, 50, 50)""")
                .params(id, centre, LocalDate.now(Fixtures.INDIA), vaccine, minAge, maxAge).update(); // the country's today, not this machine's
        return id;
    }

    /** Logs in a new staff member of that role at that centre. */
    public static Api staff(Api api, JdbcClient jdbc, PasswordEncoder passwords, String role, long centre) {
        String username = role.toLowerCase() + "." + centre + "." + nextStaff.incrementAndGet() + "." + System.nanoTime() % 100000;
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES (?, ?, ?, ?, 21, 395, ?)""")
                .params(username, passwords.encode("secret-pass-123"), "Staff " + username, role, centre).update();
        return Citizens.staff(api, username, "secret-pass-123");
    }

    public static Map<String, Object> person(String name, String birthYear) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("birth_year", birthYear);
        body.put("gender_id", 2);
        body.put("photo_id_type", 1);
        body.put("photo_id_number", TestAadhaar.next());
        body.put("comorbidity_ind", "N");
        body.put("consent_version", "V1");
        return body;
    }

    /** Registers a beneficiary under the citizen's account; returns the reference id. */
    public static String beneficiary(Api citizen, String name, String birthYear) {
        var created = citizen.post("/api/v2/registration/beneficiary/new", person(name, birthYear));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("beneficiary_reference_id").asString();
    }

    public static Map<String, Object> dose(String ref, Object sessionId, Long centre, String vaccine, int dose) {
        Map<String, Object> body = new HashMap<>();
        body.put("beneficiary_reference_id", ref);
        if (sessionId != null) {
            body.put("session_id", sessionId.toString());
        }
        if (centre != null) {
            body.put("center_id", centre);
        }
        body.put("vaccine", vaccine);
        body.put("vaccine_batch", LOT);
        body.put("dose", dose);
        return body;
    }

    public static Api.Answer record(Api staff, Map<String, Object> body) {
        return staff.with("Idempotency-Key", UUID.randomUUID().toString()).post("/api/v2/vaccinator/vaccinations", body);
    }
}
