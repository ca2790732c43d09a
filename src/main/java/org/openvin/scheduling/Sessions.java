package org.openvin.scheduling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reading sessions. */
@Service
public class Sessions {

    static final String COLUMNS = """
            id, centre_id, session_date, vaccine, min_age, max_age, fee, capacity_dose1, capacity_dose2, capacity_booster,
            booked_dose1, booked_dose2, booked_booster, walk_in_capacity, cancelled, slot_labels""";

    private final JdbcClient jdbc;

    public Sessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Session> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM vaccination_session WHERE id = ?").param(id)
                .query((rs, n) -> map(rs)).optional();
    }

    public List<Session> atCentre(long centreId, LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM vaccination_session WHERE centre_id = ? AND session_date BETWEEN ? AND ?"
                        + " ORDER BY session_date, vaccine")
                .params(centreId, from, to).query((rs, n) -> map(rs)).list();
    }

    static Session map(ResultSet rs) throws SQLException {
        String[] slots = (String[]) rs.getArray("slot_labels").getArray();
        return new Session(rs.getObject("id", UUID.class), rs.getLong("centre_id"),
                rs.getObject("session_date", LocalDate.class), rs.getString("vaccine"), rs.getInt("min_age"),
                (Integer) rs.getObject("max_age"), rs.getInt("fee"), rs.getInt("capacity_dose1"),
                rs.getInt("capacity_dose2"), rs.getInt("capacity_booster"), rs.getInt("booked_dose1"),
                rs.getInt("booked_dose2"), rs.getInt("booked_booster"), rs.getInt("walk_in_capacity"),
                rs.getBoolean("cancelled"), Arrays.asList(slots));
    }
}
