package org.openvin.stock;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.StatementPart;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument;
import org.openvin.stock.internal.Balances;
import org.openvin.stock.internal.Balances.Balance;
import org.openvin.stock.internal.Lots;
import org.openvin.stock.internal.Reason;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What other modules ask of stock: take the dose being recorded, and which lot a dose came from. */
@Service
public class StockLedger {

    private final Lots lots;
    private final Balances balances;
    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final Clock clock;

    StockLedger(Lots lots, Balances balances, JdbcClient jdbc, CountryProfile profile, AuditTrail audit, Clock clock) {
        this.lots = lots;
        this.balances = balances;
        this.jdbc = jdbc;
        this.profile = profile;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Takes one dose of the lot at the facility for a vaccination being recorded, in the caller's
     * transaction (it must run in one): refuses a lot that is unknown, recalled, expired on the day
     * of vaccination, not held by the facility, or used up; opens a sealed vial when the open one is
     * empty; writes off an open vial whose open-vial period is over first. Concurrent takes at a
     * facility queue on the balance row, so stock never goes negative.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Lot administer(long centreId, String vaccine, String lotNumber, UUID vaccinationId, LocalDate vaccinatedOn) {
        Instant now = clock.instant();
        String subject = "centre:" + centreId;
        Lot lot = lots.find(vaccine, lotNumber).orElseThrow(() -> refuse(subject,
                ApiException.badRequest("STOCK0001", "No " + vaccine + " lot " + lotNumber.trim() + " is registered")));
        if (lot.recalled()) {
            throw refuse(subject, ApiException.conflict("STOCK0004", "Lot " + lot.lotNumber() + " was recalled and may not be used"));
        }
        if (lot.expiredOn(vaccinatedOn)) {
            throw refuse(subject, ApiException.conflict("STOCK0002", "Lot " + lot.lotNumber() + " expired on " + lot.expiresOn()));
        }
        Balance held = balances.lock(centreId, lot.id()).orElseThrow(() -> refuse(subject,
                ApiException.conflict("STOCK0003", "Lot " + lot.lotNumber() + " is not held by this facility")));
        Balance current = balances.expireOpenVial(held, now);
        int hours = profile.vaccine(lot.vaccine()).map(ProfileDocument.Vaccine::openVialHoursOrDefault).orElse(4);
        Balance after = balances.takeOneDose(current, now, hours).orElseThrow(() -> refuse(subject,
                ApiException.conflict("STOCK0005", "This facility has no doses of lot " + lot.lotNumber() + " left")));
        balances.move(current, after, Reason.ADMINISTERED, vaccinationId, null, null, AuditTrail.currentActor(), now);
        return lot;
    }

    /** The CTE of {@link #administerIn}'s parts that returns a row when the dose was taken. */
    public static final String TAKEN = Balances.TAKEN;

    /**
     * {@link #administer} as parts of the recording's one statement, for the usual dose: the lot
     * usable on that day and held here, and a dose in the open vial within its period or a sealed
     * vial to open. The balance row is locked, the dose taken and the ledger written once the CTE
     * {@code source} returned a row; {@link #TAKEN} then returns a row. When it returns none (no
     * such lot here, recalled, expired, used up, or an open vial to write off first), nothing of
     * stock was written and the caller calls {@link #administer} in the same transaction, which
     * refuses with the reason or writes the open vial off and takes the dose.
     */
    public List<StatementPart> administerIn(String source, long centreId, String vaccine, String lotNumber,
                                            UUID vaccinationId, LocalDate vaccinatedOn) {
        int openVialHours = profile.vaccine(vaccine).map(ProfileDocument.Vaccine::openVialHoursOrDefault).orElse(4);
        return balances.takeOneDoseIn(source, centreId, vaccine, lotNumber.trim(), vaccinationId, vaccinatedOn,
                clock.instant(), openVialHours, AuditTrail.currentActor());
    }

    /** A usable lot and the doses the facility has left of it (sealed vials and the open one). */
    public record LotDoses(Lot lot, int doses) {
    }

    /**
     * {@link #usableLots} with the doses left of each, for the offline console's prepared session
     * (the device counts down from these; sync takes the real stock).
     */
    public List<LotDoses> usableLotDoses(long centreId, LocalDate on) {
        Instant now = clock.instant();
        return balances.atCentre(centreId).stream().filter(b -> b.usableDoses(now) > 0)
                .flatMap(b -> lots.find(b.lotId()).filter(l -> !l.recalled() && !l.expiredOn(on))
                        .map(l -> new LotDoses(l, b.usableDoses(now))).stream())
                .toList();
    }

    /**
     * The lots the facility can give a dose of on that day: held with doses left, not recalled, not
     * expired; for the vaccinator's lot picker ({@link #administer} still checks at the moment of the dose).
     */
    public List<Lot> usableLots(long centreId, LocalDate on) {
        Instant now = clock.instant();
        return balances.atCentre(centreId).stream().filter(b -> b.usableDoses(now) > 0)
                .flatMap(b -> lots.find(b.lotId()).stream())
                .filter(l -> !l.recalled() && !l.expiredOn(on)).toList();
    }

    /** The lot the ledger tied a dose to, if the dose took stock. */
    public Optional<Lot> lotOf(UUID vaccinationId) {
        return jdbc.sql("SELECT lot_id FROM stock_ledger WHERE vaccination_id = ?").param(vaccinationId)
                .query(Long.class).optional().flatMap(lots::find);
    }

    private ApiException refuse(String subject, ApiException e) {
        audit.refused("STOCK_ADMINISTER", subject, e.errorCode() + " " + e.getMessage());
        return e;
    }
}
