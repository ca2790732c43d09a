package org.openvin.stock.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.stock.Lot;
import org.openvin.stock.internal.Balances.Balance;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A facility's stock: receiving vials, writing off waste, transferring vials to another facility,
 * adjusting after a physical count, and reading the balance, the ledger and whether the published
 * sessions exceed the usable stock. Every movement is one ledger row (two for a transfer), audited.
 */
@RestController
@RequestMapping("/api/v2/admin/stock")
class StockAdministration {

    record Receipt(Long center_id, Long lot_id, String vaccine, String lot_number, Integer vials) {
    }

    record Wastage(Long center_id, Long lot_id, String vaccine, String lot_number, String reason, Integer vials,
                   Integer doses, String note) {
    }

    record Transfer(Long from_center_id, Long to_center_id, Long lot_id, String vaccine, String lot_number, Integer vials) {
    }

    record Adjustment(Long center_id, Long lot_id, String vaccine, String lot_number, Integer vials, Integer doses,
                      String note) {
    }

    record Held(long lot_id, String vaccine, String lot_number, String expiry_date, boolean expired, boolean recalled,
                int sealed_vials, int open_doses, Instant open_until, int doses_on_hand, int usable_doses) {
    }

    record Movement(long id, long lot_id, String reason, int doses_delta, int vials_delta, String vaccination_id,
                    Long other_center_id, String note, String actor, Instant at) {
    }

    private static final Map<String, Reason> WASTE = Map.of("BROKEN", Reason.WASTED_BROKEN,
            "COLD_CHAIN", Reason.WASTED_COLD_CHAIN, "EXPIRED", Reason.WASTED_EXPIRED);

    private final Lots lots;
    private final Balances balances;
    private final StockAccess access;
    private final StockCapacity capacity;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final CountryProfile profile;
    private final Clock clock;

    StockAdministration(Lots lots, Balances balances, StockAccess access, StockCapacity capacity, JdbcClient jdbc,
                        AuditTrail audit, CountryProfile profile, Clock clock) {
        this.lots = lots;
        this.balances = balances;
        this.access = access;
        this.capacity = capacity;
        this.jdbc = jdbc;
        this.audit = audit;
        this.profile = profile;
        this.clock = clock;
    }

    @PostMapping("/receipts")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Held receive(@RequestBody Receipt r) {
        Centre centre = access.toManage(r.center_id(), "STOCK_RECEIVE");
        Lot lot = usableLot(r.lot_id(), r.vaccine(), r.lot_number());
        int vials = positive(r.vials(), "vials");
        Balance before = balances.lockOrCreate(centre.id(), lot.id());
        Balance after = balances.move(before, before.withSealed(before.sealedVials() + vials), Reason.RECEIVED, null, null,
                null, AuditTrail.currentActor(), clock.instant());
        audit.record("STOCK_RECEIVE", "lot:" + lot.id(), vials + " vial(s) at centre " + centre.id());
        return held(lot, after);
    }

    @PostMapping("/wastage")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Held waste(@RequestBody Wastage w) {
        Centre centre = access.toManage(w.center_id(), "STOCK_WASTE");
        Reason reason = w.reason() == null ? null : WASTE.get(w.reason().toUpperCase());
        if (reason == null) {
            throw ApiException.badRequest("STOCK0006", "reason must be one of BROKEN, COLD_CHAIN, EXPIRED");
        }
        Lot lot = lots.resolve(w.lot_id(), w.vaccine(), w.lot_number());
        int vials = w.vials() == null ? 0 : w.vials();
        int doses = w.doses() == null ? 0 : w.doses();
        if (vials < 0 || doses < 0 || vials + doses == 0) {
            throw ApiException.badRequest("STOCK0006", "vials (sealed) and/or doses (from the open vial) must be positive");
        }
        Instant now = clock.instant();
        Balance before = balances.expireOpenVial(held(centre, lot), now);
        if (vials > before.sealedVials() || doses > before.openDoses()) {
            throw ApiException.conflict("STOCK0005", "The centre holds " + before.sealedVials() + " sealed vial(s) and "
                    + before.openDoses() + " open dose(s) of lot " + lot.lotNumber());
        }
        Balance after = balances.move(before, before.withSealed(before.sealedVials() - vials)
                        .withOpen(before.openDoses() - doses, before.openUntil()), reason, null, null, note(w.note(), false),
                AuditTrail.currentActor(), now);
        audit.record("STOCK_WASTE", "lot:" + lot.id(), reason + " " + vials + " vial(s) " + doses + " dose(s) at centre " + centre.id());
        return held(lot, after);
    }

    @PostMapping("/transfers")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Map<String, Object> transfer(@RequestBody Transfer t) {
        Centre from = access.toManage(t.from_center_id(), "STOCK_TRANSFER");
        Centre to = access.centre(t.to_center_id());
        if (from.id() == to.id()) {
            throw ApiException.badRequest("STOCK0006", "from_center_id and to_center_id must differ");
        }
        Lot lot = usableLot(t.lot_id(), t.vaccine(), t.lot_number());
        int vials = positive(t.vials(), "vials");
        // Lock both balances in centre order, so two opposite transfers cannot deadlock.
        Balance sender;
        Balance receiver;
        if (from.id() < to.id()) {
            sender = held(from, lot);
            receiver = balances.lockOrCreate(to.id(), lot.id());
        } else {
            receiver = balances.lockOrCreate(to.id(), lot.id());
            sender = held(from, lot);
        }
        if (vials > sender.sealedVials()) {
            throw ApiException.conflict("STOCK0005", "The centre holds " + sender.sealedVials() + " sealed vial(s) of lot "
                    + lot.lotNumber());
        }
        Instant now = clock.instant();
        AuditTrail.Actor actor = AuditTrail.currentActor();
        Balance sent = balances.move(sender, sender.withSealed(sender.sealedVials() - vials), Reason.TRANSFERRED_OUT, null,
                to.id(), null, actor, now);
        Balance received = balances.move(receiver, receiver.withSealed(receiver.sealedVials() + vials), Reason.TRANSFERRED_IN,
                null, from.id(), null, actor, now);
        audit.record("STOCK_TRANSFER", "lot:" + lot.id(), vials + " vial(s) from centre " + from.id() + " to " + to.id());
        return Map.of("from", held(lot, sent), "to", held(lot, received));
    }

    @PostMapping("/adjustments")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Held adjust(@RequestBody Adjustment a) {
        Centre centre = access.toManage(a.center_id(), "STOCK_ADJUST");
        Lot lot = lots.resolve(a.lot_id(), a.vaccine(), a.lot_number());
        int vials = a.vials() == null ? 0 : a.vials();
        int doses = a.doses() == null ? 0 : a.doses();
        if (vials == 0 && doses == 0) {
            throw ApiException.badRequest("STOCK0006", "vials and/or doses (signed) must be given");
        }
        String note = note(a.note(), true);
        Instant now = clock.instant();
        Balance before = balances.expireOpenVial(held(centre, lot), now);
        int openDoses = before.openDoses() + doses;
        if (before.sealedVials() + vials < 0 || openDoses < 0 || openDoses > before.dosesPerVial()) {
            throw ApiException.conflict("STOCK0005", "The adjustment would leave " + (before.sealedVials() + vials)
                    + " sealed vial(s) and " + openDoses + " open dose(s)");
        }
        Balance after = balances.move(before, before.withSealed(before.sealedVials() + vials)
                        .withOpen(openDoses, before.openUntil() != null ? before.openUntil() : now.plusSeconds(openVialHours(lot) * 3600L)),
                Reason.ADJUSTED, null, null, note, AuditTrail.currentActor(), now);
        audit.record("STOCK_ADJUST", "lot:" + lot.id(), vials + " vial(s) " + doses + " dose(s) at centre " + centre.id() + ": " + note);
        return held(lot, after);
    }

    @GetMapping("/balance")
    Map<String, Object> balance(@RequestParam(name = "center_id", required = false) Long centreId) {
        Centre centre = access.toRead(centreId, "STOCK_READ");
        Instant now = clock.instant();
        List<Held> held = balances.atCentre(centre.id()).stream()
                .map(b -> held(lots.find(b.lotId()).orElseThrow(), b, now)).toList();
        return Map.of("center_id", centre.id(), "lots", held);
    }

    @GetMapping("/ledger")
    Map<String, Object> ledger(@RequestParam(name = "center_id", required = false) Long centreId,
                               @RequestParam(name = "lot_id", required = false) Long lotId) {
        Centre centre = access.toRead(centreId, "STOCK_READ");
        return Map.of("center_id", centre.id(), "movements", movements(centre.id(), lotId, Integer.MAX_VALUE));
    }

    /** The latest movements at a centre, newest first, for the stock page. */
    List<Movement> latestMovements(Long centreId, int limit) {
        Centre centre = access.toRead(centreId, "STOCK_READ");
        return movements(centre.id(), null, limit).reversed();
    }

    private List<Movement> movements(long centreId, Long lotId, int limit) {
        List<Movement> newestFirst = jdbc.sql("""
                        SELECT id, lot_id, reason, doses_delta, vials_delta, vaccination_id, other_centre_id, note, actor, at
                        FROM stock_ledger WHERE centre_id = ? AND (CAST(? AS BIGINT) IS NULL OR lot_id = ?)
                        ORDER BY id DESC LIMIT ?""")
                .params(centreId, lotId, lotId, limit)
                .query((rs, n) -> new Movement(rs.getLong("id"), rs.getLong("lot_id"), rs.getString("reason"),
                        rs.getInt("doses_delta"), rs.getInt("vials_delta"), rs.getString("vaccination_id"),
                        (Long) rs.getObject("other_centre_id"), rs.getString("note"), rs.getString("actor"),
                        rs.getTimestamp("at").toInstant()))
                .list();
        return newestFirst.reversed();
    }

    /** Whether the sessions published at a facility on a day need more doses than it can use then, per vaccine. */
    @GetMapping("/capacity-check")
    Map<String, Object> capacityCheck(@RequestParam(name = "center_id", required = false) Long centreId,
                                      @RequestParam(name = "date", required = false) String date) {
        Centre centre = access.toRead(centreId, "STOCK_READ");
        LocalDate day = date == null || date.isBlank() ? LocalDate.now(clock.withZone(profile.zone())) : parseDate(date);
        return capacity.check(centre.id(), day);
    }

    private Lot usableLot(Long lotId, String vaccine, String lotNumber) {
        Lot lot = lots.resolve(lotId, vaccine, lotNumber);
        if (lot.recalled()) {
            throw ApiException.conflict("STOCK0004", "Lot " + lot.lotNumber() + " was recalled");
        }
        if (lot.expiredOn(LocalDate.now(clock.withZone(profile.zone())))) {
            throw ApiException.conflict("STOCK0002", "Lot " + lot.lotNumber() + " expired on " + lot.expiresOn());
        }
        return lot;
    }

    private Balance held(Centre centre, Lot lot) {
        return balances.lock(centre.id(), lot.id()).orElseThrow(() ->
                ApiException.conflict("STOCK0003", "Lot " + lot.lotNumber() + " is not held by centre " + centre.id()));
    }

    private int openVialHours(Lot lot) {
        return profile.vaccine(lot.vaccine()).map(v -> v.openVialHoursOrDefault()).orElse(4);
    }

    private Held held(Lot lot, Balance b) {
        return held(lot, b, clock.instant());
    }

    private Held held(Lot lot, Balance b, Instant now) {
        boolean expired = lot.expiredOn(LocalDate.ofInstant(now, profile.zone()));
        return new Held(lot.id(), lot.vaccine(), lot.lotNumber(), lot.expiresOn().toString(), expired, lot.recalled(),
                b.sealedVials(), b.openDoses(), b.openUntil(), b.doses(),
                expired || lot.recalled() ? 0 : b.usableDoses(now));
    }

    private static int positive(Integer value, String name) {
        if (value == null || value <= 0 || value > 1_000_000) {
            throw ApiException.badRequest("STOCK0006", name + " must be a positive number");
        }
        return value;
    }

    private static String note(String note, boolean required) {
        if (note == null || note.isBlank()) {
            if (required) {
                throw ApiException.badRequest("STOCK0006", "note (why the stock is adjusted) is required");
            }
            return null;
        }
        if (note.length() > 500) {
            throw ApiException.badRequest("STOCK0006", "note must be at most 500 characters");
        }
        return note.trim();
    }

    static LocalDate parseDate(String text) {
        try {
            return text.length() == 10 && text.charAt(2) == '-'
                    ? LocalDate.parse(text, java.time.format.DateTimeFormatter.ofPattern("dd-MM-uuuu"))
                    : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("STOCK0006", "date must be YYYY-MM-DD or DD-MM-YYYY");
        }
    }
}
