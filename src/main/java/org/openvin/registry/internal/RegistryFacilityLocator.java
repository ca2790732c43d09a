package org.openvin.registry.internal;

import java.util.Optional;
import org.openvin.identity.FacilityLocator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the identity module where a facility is, for staff scope checks. */
@Component
class RegistryFacilityLocator implements FacilityLocator {

    private final JdbcClient jdbc;

    RegistryFacilityLocator(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Location> locate(long centreId) {
        return jdbc.sql("SELECT id, state_id, district_id FROM centre WHERE id = ?").param(centreId)
                .query((rs, n) -> new Location(rs.getLong("id"), rs.getInt("state_id"), rs.getInt("district_id")))
                .optional();
    }
}
