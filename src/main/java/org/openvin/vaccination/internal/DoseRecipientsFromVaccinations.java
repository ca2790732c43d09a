package org.openvin.vaccination.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.openvin.stock.DoseRecipients;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the stock module who received the doses it tied to a lot (for a recall). */
@Component
class DoseRecipientsFromVaccinations implements DoseRecipients {

    private final JdbcClient jdbc;

    DoseRecipientsFromVaccinations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Recipient> of(List<UUID> vaccinationIds) {
        if (vaccinationIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT id, beneficiary_id, dose, vaccinated_on, centre_id FROM vaccination
                        WHERE id = ANY(?) ORDER BY vaccinated_on, beneficiary_id, dose""")
                .param(vaccinationIds.toArray(UUID[]::new))
                .query((rs, n) -> new Recipient(rs.getObject("id", UUID.class), rs.getString("beneficiary_id"),
                        rs.getInt("dose"), rs.getObject("vaccinated_on", LocalDate.class), rs.getLong("centre_id")))
                .list();
    }
}
