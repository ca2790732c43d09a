package org.openvin.registry.internal;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.ChangeFeed;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * District, state and national admins register, edit, activate and deactivate centres inside
 * their scope. Every change is audited with the admin who made it.
 */
@RestController
@RequestMapping("/api/v2/admin/centres")
class CentreAdministration {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final Centres centres;
    private final AuditTrail audit;
    private final ChangeFeed feed;

    CentreAdministration(JdbcClient jdbc, CountryProfile profile, Centres centres, AuditTrail audit, ChangeFeed feed) {
        this.jdbc = jdbc;
        this.profile = profile;
        this.centres = centres;
        this.audit = audit;
        this.feed = feed;
    }

    record CentreForm(String name, String address, Integer district_id, String block_name, String pincode,
                      BigDecimal lat, @com.fasterxml.jackson.annotation.JsonProperty("long") BigDecimal lng, String from,
                      String to, String fee_type, Map<String, Integer> vaccine_fees) {
    }

    record Valid(String name, String address, int stateId, int districtId, String block, String pincode, BigDecimal lat,
                 BigDecimal lng, LocalTime opens, LocalTime closes, String feeType, String fees) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Map<String, Object> create(@RequestBody CentreForm form) {
        StaffPrincipal admin = regionalAdmin();
        Valid c = validate(form);
        requireScope(admin, c.stateId(), c.districtId(), "CENTRE_CREATE", "new centre");
        long id = jdbc.sql("""
                        INSERT INTO centre (name, address, state_id, district_id, block_name, pincode, lat, lng, opens_at,
                                            closes_at, fee_type, vaccine_fees)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id""")
                .params(c.name(), c.address(), c.stateId(), c.districtId(), c.block(), c.pincode(), c.lat(), c.lng(),
                        c.opens(), c.closes(), c.feeType(), c.fees())
                .query(Long.class).single();
        audit.record("CENTRE_CREATE", "centre:" + id, c.name());
        feed.everythingChangedAfterCommit();
        return Map.of("center_id", id);
    }

    @PutMapping("/{id}")
    @Transactional
    Map<String, Object> edit(@PathVariable long id, @RequestBody CentreForm form) {
        StaffPrincipal admin = regionalAdmin();
        Centre existing = existing(id);
        requireScope(admin, existing.stateId(), existing.districtId(), "CENTRE_EDIT", "centre:" + id);
        Valid c = validate(form);
        requireScope(admin, c.stateId(), c.districtId(), "CENTRE_EDIT", "centre:" + id);
        jdbc.sql("""
                        UPDATE centre SET name = ?, address = ?, state_id = ?, district_id = ?, block_name = ?, pincode = ?,
                            lat = ?, lng = ?, opens_at = ?, closes_at = ?, fee_type = ?, vaccine_fees = ?::jsonb,
                            updated_at = now()
                        WHERE id = ?""")
                .params(c.name(), c.address(), c.stateId(), c.districtId(), c.block(), c.pincode(), c.lat(), c.lng(),
                        c.opens(), c.closes(), c.feeType(), c.fees(), id)
                .update();
        audit.record("CENTRE_EDIT", "centre:" + id, c.name());
        feed.everythingChangedAfterCommit();
        return Map.of("center_id", id);
    }

    @PostMapping("/{id}/activate")
    @Transactional
    Map<String, Object> activate(@PathVariable long id) {
        return setActive(id, true);
    }

    @PostMapping("/{id}/deactivate")
    @Transactional
    Map<String, Object> deactivate(@PathVariable long id) {
        return setActive(id, false);
    }

    @GetMapping
    Map<String, Object> list(@RequestParam("district_id") int districtId) {
        StaffPrincipal staff = CurrentUser.staff();
        var district = profile.district(districtId)
                .orElseThrow(() -> ApiException.badRequest("CENTRE0002", "Unknown district_id " + districtId));
        List<Centre> list = centres.inDistrict(districtId).stream()
                .filter(c -> staff.scope().covers(district.stateId(), districtId, c.id()))
                .toList();
        return Map.of("centers", list);
    }

    private Map<String, Object> setActive(long id, boolean active) {
        StaffPrincipal admin = regionalAdmin();
        Centre existing = existing(id);
        String action = active ? "CENTRE_ACTIVATE" : "CENTRE_DEACTIVATE";
        requireScope(admin, existing.stateId(), existing.districtId(), action, "centre:" + id);
        jdbc.sql("UPDATE centre SET active = ?, updated_at = now() WHERE id = ?").params(active, id).update();
        audit.record(action, "centre:" + id, null);
        feed.everythingChangedAfterCommit();
        return Map.of("center_id", id, "active", active);
    }

    /** The centre an admin may edit, for the registry pages: not found, or outside the scope, is refused as here. */
    Centre editable(long id) {
        Centre existing = existing(id);
        requireScope(regionalAdmin(), existing.stateId(), existing.districtId(), "CENTRE_EDIT", "centre:" + id);
        return existing;
    }

    private Centre existing(long id) {
        return centres.find(id).orElseThrow(() -> ApiException.notFound("CENTRE0001", "No centre with id " + id));
    }

    static StaffPrincipal regionalAdmin() {
        StaffPrincipal staff = CurrentUser.staff();
        if (staff.role().ordinal() > Role.DISTRICT_ADMIN.ordinal()) {
            throw ApiException.forbidden("CENTRE0010", "Only district, state and national admins manage centres");
        }
        return staff;
    }

    private void requireScope(StaffPrincipal admin, int state, int district, String action, String subject) {
        if (!admin.scope().covers(state, district, null)) {
            audit.refused(action, subject, "outside the admin's scope");
            throw ApiException.forbidden("CENTRE0011", "That district is outside your scope");
        }
    }

    private Valid validate(CentreForm f) {
        if (f.name() == null || f.name().isBlank() || f.name().length() > 200) {
            throw ApiException.badRequest("CENTRE0003", "name is required (at most 200 characters)");
        }
        var district = f.district_id() == null ? null : profile.district(f.district_id()).orElse(null);
        if (district == null) {
            throw ApiException.badRequest("CENTRE0002", "district_id must be a district of this country");
        }
        if (!profile.isValidPostalCode(f.pincode())) {
            throw ApiException.badRequest("APPOIN0018", "Invalid Pincode");
        }
        if (f.lat() != null && f.lat().abs().compareTo(BigDecimal.valueOf(90)) > 0
                || f.lng() != null && f.lng().abs().compareTo(BigDecimal.valueOf(180)) > 0) {
            throw ApiException.badRequest("CENTRE0004", "lat must be within ±90 and long within ±180");
        }
        LocalTime opens = time(f.from(), "09:00");
        LocalTime closes = time(f.to(), "17:00");
        if (!closes.isAfter(opens)) {
            throw ApiException.badRequest("CENTRE0005", "to must be after from");
        }
        String feeType = f.fee_type() == null ? "Free" : f.fee_type();
        if (!feeType.equals("Free") && !feeType.equals("Paid")) {
            throw ApiException.badRequest("CENTRE0006", "fee_type must be Free or Paid");
        }
        Map<String, Integer> fees = f.vaccine_fees() == null ? Map.of() : f.vaccine_fees();
        for (var fee : fees.entrySet()) {
            if (profile.vaccine(fee.getKey()).isEmpty() || fee.getValue() == null || fee.getValue() < 0) {
                throw ApiException.badRequest("CENTRE0007", "vaccine_fees must name known vaccines with fees of 0 or more");
            }
        }
        return new Valid(f.name().trim(), f.address() == null ? "" : f.address().trim(), district.stateId(), district.id(),
                f.block_name() == null ? "" : f.block_name().trim(), f.pincode(), f.lat(), f.lng(), opens, closes, feeType,
                json.writeValueAsString(fees));
    }

    private static LocalTime time(String text, String fallback) {
        try {
            return LocalTime.parse(text == null ? fallback : text.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("CENTRE0005", "from and to must be times such as 09:30 or 09:30:00");
        }
    }
}
