package org.openvin.scheduling.internal;


import java.util.UUID;
import org.openvin.identity.BeneficiaryDeleted;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.CapacityBucket;
import org.openvin.scheduling.Sessions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** A deleted beneficiary's open appointments are cancelled and their places given back. */
@Component
class CancellingForDeletedBeneficiary {

    private final AvailabilityIndex availability;

    private final JdbcClient jdbc;
    private final Sessions sessions;
    private final CountryProfile profile;

    CancellingForDeletedBeneficiary(JdbcClient jdbc, Sessions sessions, CountryProfile profile, AvailabilityIndex availability) {
        this.availability = availability;
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.profile = profile;
    }

    private record Cancelled(UUID sessionId, int slotPosition, int dose) {
    }

    @ApplicationModuleListener
    void on(BeneficiaryDeleted event) {
        availability.changedHere();
        var cancelled = jdbc.sql("""
                        UPDATE appointment SET status = 'CANCELLED', updated_at = now()
                        WHERE beneficiary_id = ? AND status = 'BOOKED'
                        RETURNING session_id, slot_position, dose""")
                .param(event.beneficiaryId().value())
                .query((rs, n) -> new Cancelled(rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3)))
                .list();
        for (Cancelled c : cancelled) {
            var session = sessions.find(c.sessionId()).orElseThrow();
            var bucket = CapacityBucket.of(c.dose(), profile.vaccine(session.vaccine()).orElseThrow());
            jdbc.sql("UPDATE vaccination_session SET " + bucket.bookedColumn() + " = " + bucket.bookedColumn()
                    + " - 1, updated_at = now() WHERE id = ?").param(c.sessionId()).update();
            jdbc.sql("UPDATE session_slot SET booked = booked - 1 WHERE session_id = ? AND position = ?")
                    .params(c.sessionId(), c.slotPosition()).update();
        }
    }
}
