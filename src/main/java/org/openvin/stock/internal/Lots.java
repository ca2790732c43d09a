package org.openvin.stock.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.openvin.platform.ApiException;
import org.openvin.stock.Lot;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The lot register: SQL over {@code stock_lot}. */
@Component
public class Lots {

    static final String COLUMNS = "id, vaccine, lot_number, manufacturer, expires_on, doses_per_vial, recalled_at, recall_reason";

    private final JdbcClient jdbc;

    Lots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Lot> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM stock_lot WHERE id = ?").param(id).query((rs, n) -> map(rs)).optional();
    }

    /** Lot numbers are unique per vaccine; the vaccine name is matched ignoring case, like the profile does. */
    public Optional<Lot> find(String vaccine, String lotNumber) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM stock_lot WHERE upper(vaccine) = upper(?) AND lot_number = ?")
                .params(vaccine, lotNumber.trim()).query((rs, n) -> map(rs)).optional();
    }

    /** The lot named by id, or by vaccine and lot number: what every movement request carries. */
    public Lot resolve(Long lotId, String vaccine, String lotNumber) {
        if (lotId != null) {
            return find(lotId).orElseThrow(() -> ApiException.notFound("STOCK0001", "No lot with id " + lotId));
        }
        if (vaccine == null || lotNumber == null || lotNumber.isBlank()) {
            throw ApiException.badRequest("STOCK0006", "lot_id, or vaccine and lot_number, are required");
        }
        return find(vaccine, lotNumber)
                .orElseThrow(() -> ApiException.notFound("STOCK0001", "No " + vaccine + " lot " + lotNumber.trim() + " is registered"));
    }

    List<Lot> list(String vaccine) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM stock_lot WHERE (CAST(? AS TEXT) IS NULL OR upper(vaccine) = upper(?))"
                        + " ORDER BY vaccine, expires_on, lot_number")
                .params(vaccine, vaccine).query((rs, n) -> map(rs)).list();
    }

    long register(String vaccine, String lotNumber, String manufacturer, LocalDate expiresOn, int dosesPerVial, String actor) {
        return jdbc.sql("""
                        INSERT INTO stock_lot (vaccine, lot_number, manufacturer, expires_on, doses_per_vial, registered_by)
                        VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(vaccine, lotNumber, manufacturer, expiresOn, dosesPerVial, actor).query(Long.class).single();
    }

    /** Marks the lot recalled; false if it already was. */
    boolean recall(long id, String reason, java.time.Instant at) {
        return jdbc.sql("UPDATE stock_lot SET recalled_at = ?, recall_reason = ? WHERE id = ? AND recalled_at IS NULL")
                .params(Timestamp.from(at), reason, id).update() == 1;
    }

    static Lot map(ResultSet rs) throws SQLException {
        Timestamp recalled = rs.getTimestamp("recalled_at");
        return new Lot(rs.getLong("id"), rs.getString("vaccine"), rs.getString("lot_number"), rs.getString("manufacturer"),
                rs.getObject("expires_on", LocalDate.class), rs.getInt("doses_per_vial"),
                recalled == null ? null : recalled.toInstant(), rs.getString("recall_reason"));
    }
}
