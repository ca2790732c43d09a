package org.openvin.scheduling.internal;

import org.openvin.identity.BeneficiaryDeleted;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** A deleted beneficiary's open appointments are cancelled and their places given back. */
@Component
class CancellingForDeletedBeneficiary {

    private final JdbcClient jdbc;

    CancellingForDeletedBeneficiary(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(BeneficiaryDeleted event) {
        var open = jdbc.sql("""
                        UPDATE appointment SET status = 'CANCELLED', updated_at = now()
                        WHERE beneficiary_id = ? AND status = 'BOOKED'
                        RETURNING session_id, slot_position, dose""")
                .param(event.beneficiaryId().value())
                .query((rs, n) -> new Object[]{rs.getObject(1, java.util.UUID.class), rs.getInt(2), rs.getInt(3)})
                .list();
        for (Object[] row : open) {
            jdbc.sql("""
                            UPDATE vaccination_session SET
                                booked_dose1 = booked_dose1 - CASE WHEN :dose = 1 THEN 1 ELSE 0 END,
                                booked_dose2 = booked_dose2 - CASE WHEN :dose = 2 THEN 1 ELSE 0 END,
                                booked_booster = booked_booster - CASE WHEN :dose > 2 THEN 1 ELSE 0 END
                            WHERE id = :id""")
                    .param("dose", row[2]).param("id", row[0]).update();
            jdbc.sql("UPDATE session_slot SET booked = booked - 1 WHERE session_id = ? AND position = ?")
                    .params(row[0], row[1]).update();
        }
    }
}
