package org.openvin.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who looked people up in the last 24 hours, per staff account inside a district (state, national)
 * admin's scope, flagged first. An account is flagged when the hourly limit refused it, or when its
 * look-ups of the day reached {@code limits.staff_lookups_flag_per_day}: both are what bulk look-up
 * through a health worker's login looks like. Reading the report is itself audited.
 */
@Service
class StaffLookupReport {

    /** One account's look-ups of the last 24 hours. */
    record AccountLookups(long staff_id, String username, String name, String role, Integer district_id, Long center_id,
                          long lookups, long refused, long found, OffsetDateTime last_lookup_at, boolean flagged) {
    }

    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final Clock clock;

    StaffLookupReport(JdbcClient jdbc, CountryProfile profile, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.profile = profile;
        this.audit = audit;
        this.clock = clock;
    }

    List<AccountLookups> visibleTo(StaffPrincipal admin) {
        if (admin.role().ordinal() > Role.DISTRICT_ADMIN.ordinal()) {
            throw ApiException.forbidden("LOOKUP0004", "Only district, state and national admins see staff look-ups");
        }
        Integer state = admin.role() == Role.NATIONAL_ADMIN ? null : admin.scope().stateId();
        Integer district = admin.role() == Role.DISTRICT_ADMIN ? admin.scope().districtId() : null;
        audit.record("STAFF_LOOKUPS_READ", "scope:" + admin.scope().asJson(), "look-up report of the last 24 hours");
        return jdbc.sql("""
                        SELECT s.id, s.username, s.name, s.role, s.district_id, s.centre_id,
                               count(*) FILTER (WHERE l.outcome <> 'REFUSED') AS lookups,
                               count(*) FILTER (WHERE l.outcome = 'REFUSED') AS refused,
                               coalesce(sum(l.found), 0) AS found,
                               max(l.at) AS last_at
                        FROM staff_lookup l JOIN staff_account s ON s.id = l.staff_id
                        WHERE l.at > :since
                          AND (CAST(:state AS INT) IS NULL OR s.state_id = :state)
                          AND (CAST(:district AS INT) IS NULL OR s.district_id = :district)
                        GROUP BY s.id
                        ORDER BY (count(*) FILTER (WHERE l.outcome = 'REFUSED') > 0
                                  OR count(*) FILTER (WHERE l.outcome <> 'REFUSED') >= :flagAt) DESC,
                                 count(*) DESC, s.username""")
                .param("since", clock.instant().minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC))
                .param("state", state).param("district", district)
                .param("flagAt", profile.limits().lookupsFlagPerDay())
                .query((rs, n) -> {
                    long lookups = rs.getLong("lookups");
                    long refused = rs.getLong("refused");
                    return new AccountLookups(rs.getLong("id"), rs.getString("username"), rs.getString("name"),
                            rs.getString("role"), (Integer) rs.getObject("district_id"), (Long) rs.getObject("centre_id"),
                            lookups, refused, rs.getLong("found"), rs.getObject("last_at", OffsetDateTime.class),
                            refused > 0 || lookups >= profile.limits().lookupsFlagPerDay());
                })
                .list();
    }
}
