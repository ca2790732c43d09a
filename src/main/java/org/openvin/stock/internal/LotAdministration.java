package org.openvin.stock.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.openvin.stock.DoseRecipients;
import org.openvin.stock.Lot;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The national lot register: national and state admins register lots and recall them; a recall
 * stops every further use at once, and the recipients list names everyone who got a dose of the
 * lot (each admin sees those vaccinated inside their scope).
 */
@RestController
@RequestMapping("/api/v2/admin/stock/lots")
class LotAdministration {

    record NewLot(String vaccine, String lot_number, String manufacturer, String expiry_date, Integer doses_per_vial) {
    }

    record Recall(String reason) {
    }

    private final Lots lots;
    private final StockAccess access;
    private final DoseRecipients recipients;
    private final Beneficiaries beneficiaries;
    private final Centres centres;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final CountryProfile profile;
    private final Clock clock;

    LotAdministration(Lots lots, StockAccess access, DoseRecipients recipients, Beneficiaries beneficiaries,
                      Centres centres, JdbcClient jdbc, AuditTrail audit, CountryProfile profile, Clock clock) {
        this.lots = lots;
        this.access = access;
        this.recipients = recipients;
        this.beneficiaries = beneficiaries;
        this.centres = centres;
        this.jdbc = jdbc;
        this.audit = audit;
        this.profile = profile;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Map<String, Object> register(@RequestBody NewLot l) {
        StaffPrincipal staff = access.lotAdmin("LOT_REGISTER", "lot:" + l.lot_number());
        var vaccine = l.vaccine() == null ? null : profile.vaccine(l.vaccine()).orElse(null);
        if (vaccine == null) {
            throw ApiException.badRequest("STOCK0006", "vaccine must be one of the profile's vaccines").on("vaccine");
        }
        if (l.lot_number() == null || !l.lot_number().trim().matches("[A-Za-z0-9][A-Za-z0-9./_-]{0,49}")) {
            throw ApiException.badRequest("STOCK0006", "lot_number is required: letters, digits and . / _ - (at most 50)").on("lot_number");
        }
        if (l.doses_per_vial() == null || l.doses_per_vial() < 1 || l.doses_per_vial() > 100) {
            throw ApiException.badRequest("STOCK0006", "doses_per_vial must be between 1 and 100").on("doses_per_vial");
        }
        LocalDate expiry;
        try {
            expiry = LocalDate.parse(l.expiry_date() == null ? "" : l.expiry_date());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("STOCK0006", "expiry_date must be YYYY-MM-DD").on("expiry_date");
        }
        String manufacturer = l.manufacturer() == null || l.manufacturer().isBlank() ? vaccine.manufacturer() : l.manufacturer().trim();
        long id;
        try {
            id = lots.register(vaccine.name(), l.lot_number().trim(), manufacturer, expiry, l.doses_per_vial(),
                    staff.auditActor().id());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("STOCK0008", vaccine.name() + " lot " + l.lot_number().trim() + " is already registered")
                    .on("lot_number");
        }
        audit.record("LOT_REGISTER", "lot:" + id, vaccine.name() + " " + l.lot_number().trim() + " expires " + expiry);
        return lotJson(lots.find(id).orElseThrow());
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(name = "vaccine", required = false) String vaccine) {
        access.admin("LOT_READ", "lots");
        return Map.of("lots", lots.list(vaccine).stream().map(LotAdministration::lotJson).toList());
    }

    @PostMapping("/{id}/recall")
    @Transactional
    Map<String, Object> recall(@PathVariable long id, @RequestBody(required = false) Recall r) {
        access.lotAdmin("LOT_RECALL", "lot:" + id);
        Lot lot = lots.find(id).orElseThrow(() -> ApiException.notFound("STOCK0001", "No lot with id " + id));
        if (r == null || r.reason() == null || r.reason().isBlank() || r.reason().length() > 500) {
            throw ApiException.badRequest("STOCK0006", "reason is required (at most 500 characters)");
        }
        if (!lots.recall(id, r.reason().trim(), clock.instant())) {
            throw ApiException.conflict("STOCK0004", "Lot " + lot.lotNumber() + " is already recalled");
        }
        audit.record("LOT_RECALL", "lot:" + id, r.reason().trim());
        return lotJson(lots.find(id).orElseThrow());
    }

    /** Everyone who received a dose of the lot at a facility inside the caller's scope. */
    @GetMapping("/{id}/recipients")
    Map<String, Object> recipients(@PathVariable long id) {
        StaffPrincipal staff = access.admin("LOT_RECIPIENTS", "lot:" + id);
        Lot lot = lots.find(id).orElseThrow(() -> ApiException.notFound("STOCK0001", "No lot with id " + id));
        List<UUID> doses = jdbc.sql("SELECT vaccination_id FROM stock_ledger WHERE lot_id = ? AND reason = 'ADMINISTERED'")
                .param(id).query(UUID.class).list();
        var given = recipients.of(doses);
        Map<Long, Centre> places = centres.findAll(given.stream().map(DoseRecipients.Recipient::centreId).distinct().toList());
        List<Map<String, Object>> people = given.stream()
                .filter(g -> places.containsKey(g.centreId()) && access.covers(staff, places.get(g.centreId())))
                .map(g -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("beneficiary_reference_id", g.beneficiaryId());
                    m.put("name", beneficiaries.find(new BeneficiaryId(g.beneficiaryId())).map(b -> b.name()).orElse(""));
                    m.put("dose", g.dose());
                    m.put("vaccinated_on", g.vaccinatedOn().toString());
                    m.put("center_id", g.centreId());
                    m.put("vaccination_id", g.vaccinationId().toString());
                    return m;
                }).toList();
        audit.record("LOT_RECIPIENTS", "lot:" + id, people.size() + " recipient(s) listed");
        Map<String, Object> answer = new LinkedHashMap<>(lotJson(lot));
        answer.put("recipients", people);
        return answer;
    }

    static Map<String, Object> lotJson(Lot lot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lot_id", lot.id());
        m.put("vaccine", lot.vaccine());
        m.put("lot_number", lot.lotNumber());
        m.put("manufacturer", lot.manufacturer());
        m.put("expiry_date", lot.expiresOn().toString());
        m.put("doses_per_vial", lot.dosesPerVial());
        m.put("recalled", lot.recalled());
        m.put("recall_reason", lot.recallReason());
        return m;
    }
}
