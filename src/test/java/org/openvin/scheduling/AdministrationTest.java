package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestSms;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Centres and sessions managed by admins in scope; the appointment slip. */
@OpenVinTest
class AdministrationTest {

    static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @BeforeEach
    void admins() {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                        VALUES ('mumbai.admin', ?, 'Mumbai', 'DISTRICT_ADMIN', 21, 395),
                               ('pune.admin', ?, 'Pune', 'DISTRICT_ADMIN', 21, 363)
                        ON CONFLICT DO NOTHING""")
                .params(passwords.encode(PASSWORD), passwords.encode(PASSWORD)).update();
    }

    private Api staff(String user) {
        return Citizens.staff(new Api(port), user, PASSWORD);
    }

    private static Map<String, Object> centre(int district, String pincode) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Urban PHC", "address", "Station Road", "district_id", district,
                "block_name", "Ward K", "pincode", pincode, "lat", 19.1, "long", 72.9, "from", "09:00", "to", "17:00"));
        body.put("fee_type", "Paid");
        body.put("vaccine_fees", Map.of("COVISHIELD", 780));
        return body;
    }

    private static String day(int plus) {
        return Fixtures.today().plusDays(plus).format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy"));
    }

    @Test
    void aDistrictAdminManagesCentresInItsDistrictOnly() {
        Api mumbai = staff("mumbai.admin");
        var created = mumbai.post("/api/v2/admin/centres", centre(395, "400070"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("center_id").asLong();
        assertThat(new Api(port).get("/api/v2/appointment/centers/public/findByLatLong?lat=19.1&long=72.9").body())
                .contains("Urban PHC");
        var elsewhere = mumbai.post("/api/v2/admin/centres", centre(363, "411001"));
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(staff("pune.admin").post("/api/v2/admin/centres/" + id + "/deactivate", "").status()).isEqualTo(403);
        assertThat(mumbai.post("/api/v2/admin/centres/" + id + "/deactivate", "").json().get("active").asBoolean()).isFalse();
        var renamed = centre(395, "400070");
        renamed.put("name", "Urban PHC Kurla");
        assertThat(mumbai.method("PUT", "/api/v2/admin/centres/" + id, org.openvin.Api.JSON.writeValueAsString(renamed))
                .status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT name FROM centre WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("Urban PHC Kurla");
        var badPin = mumbai.post("/api/v2/admin/centres", centre(395, "12"));
        assertThat(badPin.json().get("errorCode").asString()).isEqualTo("APPOIN0018");
        var badHours = centre(395, "400070");
        badHours.put("to", "08:00");
        assertThat(mumbai.post("/api/v2/admin/centres", badHours).json().get("errorCode").asString()).isEqualTo("CENTRE0005");
        Api citizen = Citizens.login(new Api(port), Citizens.newMobile());
        assertThat(citizen.post("/api/v2/admin/centres", centre(395, "400070")).status()).isEqualTo(403);
    }

    @Test
    void sessionsArePublishedCapacityNeverDropsBelowBookingsAndCancellingNotifies() {
        Api mumbai = staff("mumbai.admin");
        long centre = mumbai.post("/api/v2/admin/centres", centre(395, "400071")).json().get("center_id").asLong();
        var published = mumbai.post("/api/v2/admin/sessions", Map.of("center_id", centre, "date", day(1),
                "vaccine", "COVISHIELD", "min_age", 18, "capacity_dose1", 8, "capacity_dose2", 0));
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        UUID session = UUID.fromString(published.json().get("session_id").asString());
        var family = Fixtures.family(new Api(port), 2, 1980);
        var booked = family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, "09:00AM-10:00AM", family.members().get(0), family.members().get(1)));
        assertThat(booked.status()).as(booked.body()).isEqualTo(200);
        String appointmentId = booked.json().get("appointment_id").asString();

        var slip = family.api().get("/api/v2/appointment/appointmentslip/download?appointment_id=" + appointmentId);
        assertThat(slip.status()).isEqualTo(200);
        assertThat(slip.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(new String(slip.bytes(), 0, 5)).isEqualTo("%PDF-");
        Api stranger = Citizens.login(new Api(port), Citizens.newMobile());
        assertThat(stranger.get("/api/v2/appointment/appointmentslip/download?appointment_id=" + appointmentId).status())
                .isEqualTo(404);
        assertThat(family.api().get("/api/v2/appointment/appointmentslip/download?appointment_id=x").status()).isEqualTo(400);

        var tooLow = mumbai.post("/api/v2/admin/sessions/" + session + "/capacity", Map.of("capacity_dose1", 1));
        assertThat(tooLow.status()).isEqualTo(409);
        assertThat(tooLow.json().get("errorCode").asString()).isEqualTo("SESSION0003");
        assertThat(mumbai.post("/api/v2/admin/sessions/" + session + "/capacity", Map.of("capacity_dose1", 10)).status())
                .isEqualTo(200);
        assertThat(staff("pune.admin").post("/api/v2/admin/sessions/" + session + "/cancel", "").status()).isEqualTo(403);

        var cancelled = mumbai.post("/api/v2/admin/sessions/" + session + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("notified").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM appointment WHERE session_id = ? AND status = 'SESSION_CANCELLED'")
                .param(session).query(Integer.class).single()).isEqualTo(2);
        String mobile = jdbc.sql("SELECT mobile FROM citizen_account a JOIN beneficiary b ON b.account_id = a.id WHERE b.reference_id = ?")
                .param(family.members().getFirst()).query(String.class).single();
        assertThat(TestSms.messagesTo(mobile).getLast()).contains("cancelled");
        var bookAgain = family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, "09:00AM-10:00AM", family.members().getFirst()));
        assertThat(bookAgain.json().get("errorCode").asString()).isEqualTo("APPOIN0041");
        assertThat(mumbai.post("/api/v2/admin/sessions", Map.of("center_id", centre, "date", day(-1), "vaccine", "COVISHIELD",
                "capacity_dose1", 4, "capacity_dose2", 0)).json().get("errorCode").asString()).isEqualTo("SESSION0002");
        assertThat(mumbai.post("/api/v2/admin/sessions", Map.of("center_id", centre, "date", day(1), "vaccine", "NOPE",
                "capacity_dose1", 4, "capacity_dose2", 0)).json().get("errorCode").asString()).isEqualTo("UNKNOWN_VACCINE");
        assertThat(mumbai.post("/api/v2/admin/sessions/not-a-uuid/cancel", "").status()).isEqualTo(400);
    }
}
