package org.openvin.scheduling;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openvin.identity.BeneficiaryId;
import org.openvin.platform.StatementPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What the point of care needs from appointments: find the open one, close it as vaccinated. */
@Service
public class Appointments {

    public record Appointment(UUID appointmentId, BeneficiaryId beneficiaryId, String confirmationNo, UUID sessionId,
                              int dose, String status) {
    }

    private final JdbcClient jdbc;

    public Appointments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appointments booked and not yet honoured or cancelled, optionally in one state (dashboard). */
    public long countOpen(Integer stateId) {
        return jdbc.sql("""
                        SELECT count(*) FROM appointment a
                        JOIN vaccination_session s ON s.id = a.session_id
                        JOIN centre c ON c.id = s.centre_id
                        WHERE a.status = 'BOOKED' AND (:state::int IS NULL OR c.state_id = :state::int)""")
                .param("state", stateId).query(Long.class).single();
    }

    public Optional<Appointment> openFor(BeneficiaryId beneficiary, int dose) {
        return jdbc.sql("""
                        SELECT appointment_id, beneficiary_id, confirmation_no, session_id, dose, status FROM appointment
                        WHERE beneficiary_id = ? AND dose = ? AND status = 'BOOKED'""")
                .params(beneficiary.value(), dose).query((rs, n) -> map(rs)).optional();
    }

    public List<Appointment> byConfirmationNo(String confirmationNo) {
        return jdbc.sql("""
                        SELECT appointment_id, beneficiary_id, confirmation_no, session_id, dose, status FROM appointment
                        WHERE confirmation_no = ? ORDER BY beneficiary_id""")
                .param(confirmationNo).query((rs, n) -> map(rs)).list();
    }

    /** The facility's queue of a day: appointments still BOOKED in its sessions of that date, in slot order. */
    public List<Appointment> bookedAt(long centreId, java.time.LocalDate date) {
        return jdbc.sql("""
                        SELECT a.appointment_id, a.beneficiary_id, a.confirmation_no, a.session_id, a.dose, a.status
                        FROM appointment a JOIN vaccination_session s ON s.id = a.session_id
                        WHERE s.centre_id = ? AND s.session_date = ? AND a.status = 'BOOKED'
                        ORDER BY a.slot_position, a.confirmation_no, a.beneficiary_id""")
                .params(centreId, date).query((rs, n) -> map(rs)).list();
    }

    /** Closes the beneficiary's open appointment for that dose, if any: a part of the dose's one statement, written once its CTE {@code source} returned a row. */
    public StatementPart markVaccinatedIn(String source, BeneficiaryId beneficiary, int dose) {
        return new StatementPart("""
                UPDATE appointment SET status = 'VACCINATED', updated_at = now()
                WHERE beneficiary_id = :appt_beneficiary::text AND dose = :appt_dose::int AND status = 'BOOKED'"""
                + StatementPart.andRowIn(source),
                Map.of("appt_beneficiary", beneficiary.value(), "appt_dose", dose));
    }

    private static Appointment map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Appointment(rs.getObject("appointment_id", UUID.class), new BeneficiaryId(rs.getString("beneficiary_id")),
                rs.getString("confirmation_no"), rs.getObject("session_id", UUID.class), rs.getInt("dose"),
                rs.getString("status"));
    }
}
