package org.openvin.identity;

import java.util.Optional;

/**
 * Where a facility is, for scope checks. Implemented by the registry module, which owns
 * facilities; declared here so identity need not depend on it.
 */
public interface FacilityLocator {

    record Location(long centreId, int stateId, int districtId) {
    }

    Optional<Location> locate(long centreId);
}
