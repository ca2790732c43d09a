package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.openvin.TestSms;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Booking, rescheduling and cancelling through the contract, each refusal changing nothing. */
@OpenVinTest
class BookingTest {

    static final long CENTRE = 810001;
    static final String SLOT = "09:30AM-10:30AM";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    private Api api() {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        return new Api(port);
    }

    private UUID session(int dose1, int dose2, int minAge, Integer maxAge) {
        return Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVISHIELD", dose1, dose2, minAge, maxAge);
    }

    private int booked(UUID session) {
        return jdbc.sql("SELECT booked_dose1 + booked_dose2 FROM vaccination_session WHERE id = ?").param(session)
                .query(Integer.class).single();
    }

    private int appointments() {
        return jdbc.sql("SELECT count(*) FROM appointment WHERE status = 'BOOKED'").query(Integer.class).single();
    }

    private int audited(String action) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = ? AND outcome = 'OK'").param(action)
                .query(Integer.class).single();
    }

    private static void assertRefused(Api.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("errorCode").asString()).isEqualTo(code);
    }

    @Test
    void bookingTakesAPlaceListsTheAppointmentAndSendsAnSms() {
        Api api = api();
        UUID session = session(10, 10, 18, null);
        var family = Fixtures.family(api, 2, 1980);
        int audited = audited("APPOINTMENT_BOOK");
        var booked = family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, family.members().get(0), family.members().get(1)));
        assertThat(booked.status()).as(booked.body()).isEqualTo(200);
        assertThat(audited("APPOINTMENT_BOOK")).as("the booking is in the audit trail").isEqualTo(audited + 1);
        String confirmation = booked.json().get("appointment_confirmation_no").asString();
        assertThat(confirmation).isNotBlank();
        assertThat(booked(session)).isEqualTo(2);
        var listed = family.api().get("/api/v2/appointment/beneficiaries").json().get("beneficiaries");
        var appointment = listed.get(0).get("appointments").get(0);
        assertThat(appointment.get("session_id").asString()).isEqualTo(session.toString());
        assertThat(appointment.get("slot").asString()).isEqualTo(SLOT);
        assertThat(appointment.get("dose").asInt()).isEqualTo(1);
        assertThat(appointment.get("center_id").asLong()).isEqualTo(CENTRE);
        assertThat(appointment.get("pincode").isNumber()).isTrue();
        assertThat(appointment.get("date").asString()).matches("\\d{2}-\\d{2}-\\d{4}");
        String mobile = jdbc.sql("SELECT mobile FROM citizen_account a JOIN beneficiary b ON b.account_id = a.id WHERE b.reference_id = ?")
                .param(family.members().get(0)).query(String.class).single();
        assertThat(TestSms.messagesTo(mobile).getLast()).contains(confirmation);
    }

    @Test
    void aFullSessionAnswers409AndTakesNothing() {
        Api api = api();
        UUID session = session(1, 0, 18, null);
        var first = Fixtures.family(api, 1, 1980);
        assertThat(first.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, session, SLOT, first.members().getFirst()))
                .status()).isEqualTo(200);
        var second = Fixtures.family(api, 1, 1980);
        int before = appointments();
        int audited = audited("APPOINTMENT_BOOK");
        assertRefused(second.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, second.members().getFirst())), 409, "APPOIN0040");
        assertThat(appointments()).isEqualTo(before);
        // The audit row is written in the booking's transaction, so the refused booking left none.
        assertThat(audited("APPOINTMENT_BOOK")).isEqualTo(audited);
        assertThat(booked(session)).isEqualTo(1);
    }

    @Test
    void everyEligibilityRuleRefusesWithACodeAndChangesNothing() {
        Api api = api();
        var family = Fixtures.family(api, 1, 2000);
        String member = family.members().getFirst();
        UUID seniors = session(10, 10, 45, null);
        UUID open = session(10, 10, 18, null);
        int before = appointments();
        assertRefused(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, seniors, SLOT, member)), 400, "APPOIN0044");
        assertRefused(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(2, open, SLOT, member)), 400, "APPOIN0050");
        assertRefused(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, open, "01:00AM-02:00AM", member)), 400, "APPOIN0043");
        assertRefused(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, UUID.randomUUID(), SLOT, member)), 404, "APPOIN0039");
        assertRefused(family.api().post("/api/v2/appointment/schedule", Map.of("dose", 1, "session_id", "nope", "slot", SLOT,
                "beneficiaries", List.of(member))), 400, "APPOIN0039");
        var stranger = Fixtures.family(api, 1, 1980);
        assertRefused(family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, open, SLOT, stranger.members().getFirst())), 404, "APPOIN0001");
        // Dose 2 with another vaccine, and too early / too late for the interval.
        jdbc.sql("UPDATE beneficiary SET doses_received = 1, vaccine = 'COVAXIN', dose1_date = current_date - 30, last_dose_date = current_date - 30 WHERE reference_id = ?")
                .param(member).update();
        assertRefused(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(2, open, SLOT, member)), 400, "APPOIN0051");
        jdbc.sql("UPDATE beneficiary SET vaccine = 'COVISHIELD' WHERE reference_id = ?").param(member).update();
        assertRefused(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(2, open, SLOT, member)), 400, "APPOIN0052");
        jdbc.sql("UPDATE beneficiary SET dose1_date = current_date - 200, last_dose_date = current_date - 200 WHERE reference_id = ?")
                .param(member).update();
        assertRefused(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(2, open, SLOT, member)), 400, "APPOIN0052");
        assertThat(appointments()).isEqualTo(before);
        assertThat(booked(open)).isZero();
        assertThat(booked(seniors)).isZero();
    }

    @Test
    void oneOpenAppointmentPerBeneficiaryAndDose() {
        Api api = api();
        UUID a = session(10, 10, 18, null);
        UUID b = session(10, 10, 18, null);
        var family = Fixtures.family(api, 1, 1980);
        String member = family.members().getFirst();
        assertThat(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, a, SLOT, member)).status()).isEqualTo(200);
        assertRefused(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, b, SLOT, member)), 409, "APPOIN0022");
        assertThat(booked(b)).isZero();
    }

    @Test
    void rescheduleMovesTheAppointmentOrLeavesItIntact() {
        Api api = api();
        UUID from = session(10, 10, 18, null);
        UUID to = session(10, 10, 18, null);
        UUID full = session(1, 0, 18, null);
        var filler = Fixtures.family(api, 1, 1980);
        filler.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, full, SLOT, filler.members().getFirst()));
        var family = Fixtures.family(api, 1, 1980);
        String member = family.members().getFirst();
        String appointmentId = family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, from, SLOT, member))
                .json().get("appointment_id").asString();

        assertRefused(family.api().post("/api/v2/appointment/reschedule",
                Map.of("appointment_id", appointmentId, "session_id", full.toString(), "slot", SLOT)), 409, "APPOIN0040");
        assertThat(booked(from)).isEqualTo(1);
        assertThat(booked(full)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT session_id FROM appointment WHERE appointment_id = ?::uuid").param(appointmentId)
                .query(UUID.class).single()).isEqualTo(from);

        var moved = family.api().post("/api/v2/appointment/reschedule",
                Map.of("appointment_id", appointmentId, "session_id", to.toString(), "slot", "10:30AM-11:30AM"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(204);
        assertThat(booked(from)).isZero();
        assertThat(booked(to)).isEqualTo(1);
        var other = Fixtures.family(api, 1, 1980);
        assertRefused(other.api().post("/api/v2/appointment/reschedule",
                Map.of("appointment_id", appointmentId, "session_id", from.toString(), "slot", SLOT)), 404, "APPOIN0030");
    }

    @Test
    void deletingABeneficiaryCancelsItsAppointmentAndGivesThePlaceBack() {
        Api api = api();
        UUID session = session(1, 0, 18, null);
        var family = Fixtures.family(api, 1, 1980);
        String member = family.members().getFirst();
        assertThat(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, session, SLOT, member)).status())
                .isEqualTo(200);
        assertThat(family.api().post("/api/v2/registration/beneficiary/delete", Map.of("beneficiary_reference_id", member))
                .status()).isEqualTo(204);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> booked(session) == 0);
        assertThat(jdbc.sql("SELECT sum(booked) FROM session_slot WHERE session_id = ?").param(session)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT status FROM appointment WHERE beneficiary_id = ?").param(member)
                .query(String.class).single()).isEqualTo("CANCELLED");
    }

    @Test
    void cancellingGivesThePlaceBack() {
        Api api = api();
        UUID session = session(1, 0, 18, null);
        var family = Fixtures.family(api, 1, 1980);
        String member = family.members().getFirst();
        String appointmentId = family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, session, SLOT, member))
                .json().get("appointment_id").asString();
        assertThat(booked(session)).isEqualTo(1);
        var cancelled = family.api().post("/api/v2/appointment/cancel",
                Map.of("appointment_id", appointmentId, "beneficiariesToCancel", List.of(member)));
        assertThat(cancelled.status()).isEqualTo(204);
        assertThat(booked(session)).isZero();
        var next = Fixtures.family(api, 1, 1980);
        assertThat(next.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, session, SLOT, next.members().getFirst()))
                .status()).isEqualTo(200);
        assertRefused(family.api().post("/api/v2/appointment/cancel",
                Map.of("appointment_id", appointmentId, "beneficiariesToCancel", List.of(member))), 404, "APPOIN0030");
        assertRefused(family.api().post("/api/v2/appointment/cancel", Map.of("appointment_id", "x")), 400, "APPOIN0030");
    }
}
