package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.openvin.TestSms;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Booking, moving and cancelling each write their whole change in one statement: the counters of
 * the session and of the slots, the appointment rows, the audit row and the SMS move together, and
 * a statement refused by the database leaves nothing behind.
 */
@OpenVinTest
class OneStatementChangesTest {

    static final long CENTRE = 810401;
    static final String SLOT = "09:30AM-10:30AM";
    static final String LATER = "10:30AM-11:30AM";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PublishingSession publishing;

    private UUID session(int dose1) {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        return Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(2), "COVISHIELD", dose1, 0, 18, null);
    }

    private int sessionBooked(UUID session) {
        return jdbc.sql("SELECT booked_dose1 FROM vaccination_session WHERE id = ?").param(session).query(Integer.class).single();
    }

    private int slotBooked(UUID session, String slot) {
        return jdbc.sql("SELECT booked FROM session_slot WHERE session_id = ? AND label = ?").params(session, slot)
                .query(Integer.class).single();
    }

    private int audited(String action, String appointmentId) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = ? AND subject = ? AND outcome = 'OK'")
                .params(action, "appointment:" + appointmentId).query(Integer.class).single();
    }

    private String mobileOf(String member) {
        return jdbc.sql("SELECT a.mobile FROM citizen_account a JOIN beneficiary b ON b.account_id = a.id WHERE b.reference_id = ?")
                .param(member).query(String.class).single();
    }

    @Test
    void movingWithinTheSessionAndCancellingPartOfAFamilyKeepEveryCounterTrue() {
        UUID session = session(10);
        var family = Fixtures.family(new Api(port), 2, 1980);
        String mobile = mobileOf(family.members().getFirst());
        var booked = family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, family.members().toArray(String[]::new)));
        assertThat(booked.status()).as(booked.body()).isEqualTo(200);
        String id = booked.json().get("appointment_id").asString();
        String confirmation = booked.json().get("appointment_confirmation_no").asString();
        assertThat(audited("APPOINTMENT_BOOK", id)).isEqualTo(1);

        // Another slot of the same session: the session's count stays, the places move between slots.
        var moved = family.api().post("/api/v2/appointment/reschedule",
                Map.of("appointment_id", id, "session_id", session.toString(), "slot", LATER));
        assertThat(moved.status()).as(moved.body()).isEqualTo(204);
        assertThat(sessionBooked(session)).isEqualTo(2);
        assertThat(slotBooked(session, SLOT)).isZero();
        assertThat(slotBooked(session, LATER)).isEqualTo(2);
        assertThat(audited("APPOINTMENT_RESCHEDULE", id)).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> TestSms.messagesTo(mobile).getLast()
                .contains("appointment " + confirmation + " is moved to"));

        // One of the two cancels: one place back, one row cancelled, the other still booked.
        var cancelled = family.api().post("/api/v2/appointment/cancel",
                Map.of("appointment_id", id, "beneficiariesToCancel", List.of(family.members().getFirst())));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(204);
        assertThat(sessionBooked(session)).isEqualTo(1);
        assertThat(slotBooked(session, LATER)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT status FROM appointment WHERE appointment_id = ?::uuid ORDER BY beneficiary_id = ? DESC")
                .params(id, family.members().getFirst()).query(String.class).list()).containsExactly("CANCELLED", "BOOKED");
        assertThat(audited("APPOINTMENT_CANCEL", id)).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> TestSms.messagesTo(mobile).getLast()
                .contains(confirmation + " is cancelled"));
    }

    @Test
    void aSlotThatFillsWhileTheBookingWaitsForTheSessionIsRefusedAndNothingIsWritten() throws Exception {
        UUID session = session(10);
        var family = Fixtures.family(new Api(port), 1, 1980);
        String member = family.members().getFirst();
        int slotCapacity = jdbc.sql("SELECT capacity FROM session_slot WHERE session_id = ? AND label = ?")
                .params(session, SLOT).query(Integer.class).single();
        int audits = jdbc.sql("SELECT count(*) FROM audit_event").query(Integer.class).single();
        int sms = jdbc.sql("SELECT count(*) FROM sms_outbox").query(Integer.class).single();
        CompletableFuture<Api.Answer> booking;
        try (Connection other = dataSource.getConnection()) {
            // Another booking holds the session's row, the way every path that changes places does...
            other.setAutoCommit(false);
            try (var lock = other.prepareStatement("SELECT 1 FROM vaccination_session WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, session);
                lock.execute();
            }
            booking = CompletableFuture.supplyAsync(() -> family.api().post("/api/v2/appointment/schedule",
                    Fixtures.booking(1, session, SLOT, member)));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                            SELECT count(*) FROM pg_stat_activity
                            WHERE wait_event_type = 'Lock' AND query LIKE 'WITH taken_session%'""")
                    .query(Integer.class).single() == 1);
            // ...and fills the slot while ours waits, its snapshot still showing room.
            try (var fill = other.prepareStatement("UPDATE session_slot SET booked = capacity WHERE session_id = ? AND label = ?")) {
                fill.setObject(1, session);
                fill.setString(2, SLOT);
                fill.execute();
            }
            other.commit();
        }
        var answer = booking.get();
        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.json().get("errorCode").asString()).isEqualTo("APPOIN0040");
        assertThat(answer.json().get("error").asString()).contains("time slot is fully booked");
        assertThat(sessionBooked(session)).isZero();
        assertThat(slotBooked(session, SLOT)).isEqualTo(slotCapacity);
        assertThat(jdbc.sql("SELECT count(*) FROM appointment WHERE beneficiary_id = ?").param(member)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event").query(Integer.class).single()).isEqualTo(audits);
        assertThat(jdbc.sql("SELECT count(*) FROM sms_outbox").query(Integer.class).single()).isEqualTo(sms);
    }
}
