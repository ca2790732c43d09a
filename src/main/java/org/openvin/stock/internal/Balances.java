package org.openvin.stock.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.StatementPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The only code that changes stock. A movement locks the (facility, lot) balance row, computes the
 * new state, writes the ledger row with the difference and stores the new state — all in the
 * caller's transaction — so the ledger always sums to the balance and the row lock serialises
 * concurrent takes; the table's CHECKs refuse negative stock should anything slip.
 */
@Component
public class Balances {

    /** Stock of one lot at one facility. {@code doses} counts sealed and open doses alike. */
    public record Balance(long centreId, long lotId, int dosesPerVial, int sealedVials, int openDoses, Instant openUntil) {

        public int doses() {
            return sealedVials * dosesPerVial + openDoses;
        }

        Balance withSealed(int vials) {
            return new Balance(centreId, lotId, dosesPerVial, vials, openDoses, openUntil);
        }

        Balance withOpen(int doses, Instant until) {
            return new Balance(centreId, lotId, dosesPerVial, sealedVials, doses, doses == 0 ? null : until);
        }

        boolean openVialExpired(Instant now) {
            return openDoses > 0 && !now.isBefore(openUntil);
        }

        /** Doses that can still be given now: sealed ones, and open ones inside the open-vial period. */
        public int usableDoses(Instant now) {
            return sealedVials * dosesPerVial + (openVialExpired(now) ? 0 : openDoses);
        }
    }

    private static final String SELECT = """
            SELECT b.centre_id, b.lot_id, l.doses_per_vial, b.sealed_vials, b.open_doses, b.open_until
            FROM stock_balance b JOIN stock_lot l ON l.id = b.lot_id""";

    private final JdbcClient jdbc;

    Balances(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The balance, locked for the rest of the transaction; empty when the facility never held the lot. */
    public Optional<Balance> lock(long centreId, long lotId) {
        return jdbc.sql(SELECT + " WHERE b.centre_id = ? AND b.lot_id = ? FOR UPDATE OF b")
                .params(centreId, lotId).query((rs, n) -> map(rs)).optional();
    }

    /** The balance, created empty if need be, and locked. */
    public Balance lockOrCreate(long centreId, long lotId) {
        jdbc.sql("INSERT INTO stock_balance (centre_id, lot_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(centreId, lotId).update();
        return lock(centreId, lotId).orElseThrow();
    }

    public List<Balance> atCentre(long centreId) {
        return jdbc.sql(SELECT + " WHERE b.centre_id = ? ORDER BY b.lot_id").param(centreId).query((rs, n) -> map(rs)).list();
    }

    /** Moves the balance from {@code before} to {@code after}, writing the ledger row for the difference. */
    public Balance move(Balance before, Balance after, Reason reason, UUID vaccinationId, Long otherCentreId, String note,
                        AuditTrail.Actor actor, Instant at) {
        jdbc.sql("""
                        INSERT INTO stock_ledger (centre_id, lot_id, reason, doses_delta, vials_delta, vaccination_id,
                            other_centre_id, note, actor, actor_role, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(before.centreId(), before.lotId(), reason.name(), after.doses() - before.doses(),
                        after.sealedVials() - before.sealedVials(), vaccinationId, otherCentreId, note, actor.id(),
                        actor.role(), Timestamp.from(at))
                .update();
        jdbc.sql("""
                        UPDATE stock_balance SET sealed_vials = ?, open_doses = ?, open_until = ?, doses = ?, updated_at = ?
                        WHERE centre_id = ? AND lot_id = ?""")
                .params(after.sealedVials(), after.openDoses(),
                        after.openUntil() == null ? null : Timestamp.from(after.openUntil()), after.doses(),
                        Timestamp.from(at), after.centreId(), after.lotId())
                .update();
        return after;
    }

    /** The CTE of {@link #takeOneDoseIn} that returns a row when the dose was taken. */
    public static final String TAKEN = "stock_taken";

    /**
     * {@link #takeOneDose} and {@link #move} as parts of a caller's one statement, for the usual
     * dose: the lot usable on that day and held at the facility, and a dose in the open vial within
     * its period or a sealed vial to open. The balance row is locked, the dose taken and the ledger
     * row written once the caller's CTE {@code source} returned a row; {@link #TAKEN} then returns
     * one. An open vial past its period is left alone (it must be written off first, by
     * {@link #expireOpenVial}), as is a refusal: then nothing of stock is written.
     */
    public List<StatementPart> takeOneDoseIn(String source, long centreId, String vaccine, String lotNumber,
                                             UUID vaccinationId, LocalDate vaccinatedOn, Instant now,
                                             int openVialHours, AuditTrail.Actor actor) {
        var params = new HashMap<String, Object>();
        params.put("stock_centre", centreId);
        params.put("stock_vaccine", vaccine);
        params.put("stock_lot", lotNumber);
        params.put("stock_day", vaccinatedOn);
        params.put("stock_now", Timestamp.from(now));
        params.put("stock_hours", openVialHours);
        params.put("stock_vaccination", vaccinationId);
        params.put("stock_actor", actor.id());
        params.put("stock_actor_role", actor.role());
        // The dose comes from the open vial while it is within its period, else from a newly opened one.
        var held = new StatementPart("stock_held", """
                SELECT b.centre_id, b.lot_id, b.sealed_vials, b.open_doses, l.doses_per_vial,
                       b.open_doses > 0 AND b.open_until > :stock_now::timestamptz AS from_open,
                       CASE WHEN b.open_doses > 0 AND b.open_until > :stock_now::timestamptz
                            THEN b.open_doses ELSE l.doses_per_vial END - 1 AS open_after,
                       CASE WHEN b.open_doses > 0 AND b.open_until > :stock_now::timestamptz
                            THEN b.open_until ELSE :stock_now::timestamptz + make_interval(hours => :stock_hours::int) END AS until
                FROM stock_balance b JOIN stock_lot l ON l.id = b.lot_id
                WHERE b.centre_id = :stock_centre::bigint AND upper(l.vaccine) = upper(:stock_vaccine::text)
                  AND l.lot_number = :stock_lot::text AND l.recalled_at IS NULL AND l.expires_on >= :stock_day::date"""
                + StatementPart.andRowIn(source) + """

                FOR UPDATE OF b""", params);
        var taken = new StatementPart(TAKEN, """
                UPDATE stock_balance b SET
                    sealed_vials = h.sealed_vials - CASE WHEN h.from_open THEN 0 ELSE 1 END,
                    open_doses = h.open_after,
                    open_until = CASE WHEN h.open_after = 0 THEN NULL ELSE h.until END,
                    doses = (h.sealed_vials - CASE WHEN h.from_open THEN 0 ELSE 1 END) * h.doses_per_vial + h.open_after,
                    updated_at = :stock_now::timestamptz
                FROM stock_held h
                -- An open vial past its period is written off first, in Java: left alone here, as is a refusal.
                WHERE b.centre_id = h.centre_id AND b.lot_id = h.lot_id AND (h.from_open OR (h.open_doses = 0 AND h.sealed_vials > 0))
                RETURNING b.centre_id, b.lot_id, CASE WHEN h.from_open THEN 0 ELSE -1 END AS vials_delta""", Map.of());
        var moved = new StatementPart("stock_moved", """
                INSERT INTO stock_ledger (centre_id, lot_id, reason, doses_delta, vials_delta, vaccination_id,
                    other_centre_id, note, actor, actor_role, at)
                SELECT t.centre_id, t.lot_id, '%s', -1, t.vials_delta, :stock_vaccination::uuid, NULL, NULL,
                       :stock_actor::text, :stock_actor_role::text, :stock_now::timestamptz
                FROM stock_taken t""".formatted(Reason.ADMINISTERED.name()), Map.of());
        return List.of(held, taken, moved);
    }

    /** Writes off the open vial's doses once its open-vial period is over (lazily, or from the sweep). */
    public Balance expireOpenVial(Balance b, Instant now) {
        if (!b.openVialExpired(now)) {
            return b;
        }
        return move(b, b.withOpen(0, null), Reason.WASTED_OPEN_VIAL_EXPIRY, null, null,
                "open vial unused since " + b.openUntil(), AuditTrail.Actor.SYSTEM, now);
    }

    /** Opens a sealed vial if the open one is empty, then takes one dose; empty when there is none. */
    public Optional<Balance> takeOneDose(Balance b, Instant now, int openVialHours) {
        Balance from = b;
        if (from.openDoses() == 0) {
            if (from.sealedVials() == 0) {
                return Optional.empty();
            }
            from = from.withSealed(from.sealedVials() - 1).withOpen(from.dosesPerVial(), now.plusSeconds(openVialHours * 3600L));
        }
        return Optional.of(from.withOpen(from.openDoses() - 1, from.openUntil()));
    }

    /** Open vials whose period is over, for the sweep. */
    List<long[]> expiredOpenVials(Instant now) {
        return jdbc.sql("SELECT centre_id, lot_id FROM stock_balance WHERE open_doses > 0 AND open_until <= ?")
                .param(Timestamp.from(now)).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    }

    private static Balance map(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp until = rs.getTimestamp("open_until");
        return new Balance(rs.getLong("centre_id"), rs.getLong("lot_id"), rs.getInt("doses_per_vial"),
                rs.getInt("sealed_vials"), rs.getInt("open_doses"), until == null ? null : until.toInstant());
    }
}
