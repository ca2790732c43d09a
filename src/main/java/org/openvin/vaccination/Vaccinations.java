package org.openvin.vaccination;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openvin.identity.BeneficiaryId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reading recorded doses. */
@Service
public class Vaccinations {

    private static final String COLUMNS = """
            id, beneficiary_id, dose, total_doses, vaccine, batch, vaccinated_on, centre_id, staff_name, certificate_id,
            recorded_at""";

    private final JdbcClient jdbc;

    public Vaccinations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Vaccination> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM vaccination WHERE id = ?").param(id)
                .query((rs, n) -> map(rs)).optional();
    }

    public List<Vaccination> ofBeneficiary(BeneficiaryId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM vaccination WHERE beneficiary_id = ? ORDER BY dose")
                .param(id.value()).query((rs, n) -> map(rs)).list();
    }

    /** Whether a dose of this beneficiary was given at that centre (staff there may print the certificate). */
    public boolean givenAt(BeneficiaryId id, long centreId) {
        return jdbc.sql("SELECT count(*) FROM vaccination WHERE beneficiary_id = ? AND centre_id = ?")
                .params(id.value(), centreId).query(Integer.class).single() > 0;
    }

    private static Vaccination map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Vaccination(rs.getObject("id", UUID.class), new BeneficiaryId(rs.getString("beneficiary_id")),
                rs.getInt("dose"), rs.getInt("total_doses"), rs.getString("vaccine"), rs.getString("batch"),
                rs.getObject("vaccinated_on", java.time.LocalDate.class), rs.getLong("centre_id"),
                rs.getString("staff_name"), rs.getString("certificate_id"),
                rs.getTimestamp("recorded_at").toInstant());
    }
}
