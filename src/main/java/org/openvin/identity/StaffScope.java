package org.openvin.identity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a staff member may act: the whole country, a state, a district or one facility. A
 * facility scope also knows its district and state, so containment is a comparison of ids.
 */
public record StaffScope(Role role, Integer stateId, Integer districtId, Long centreId) implements java.io.Serializable {

    public static StaffScope national() {
        return new StaffScope(Role.NATIONAL_ADMIN, null, null, null);
    }

    /** Whether a place (state, district, facility; nulls for a wider place) lies inside this scope. */
    public boolean covers(Integer state, Integer district, Long centre) {
        return switch (role) {
            case NATIONAL_ADMIN -> true;
            case STATE_ADMIN -> stateId != null && stateId.equals(state);
            case DISTRICT_ADMIN -> districtId != null && districtId.equals(district);
            case FACILITY_ADMIN, VACCINATOR -> centreId != null && centreId.equals(centre);
        };
    }

    public boolean covers(StaffScope other) {
        return covers(other.stateId, other.districtId, other.centreId);
    }

    public boolean coversCentre(long centre) {
        return (role == Role.FACILITY_ADMIN || role == Role.VACCINATOR) && centreId != null && centreId == centre;
    }

    /** The contract's {@code scope} object: {"center_id":1234}, {"district_id":395}, {"state_id":21} or {}. */
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (role) {
            case NATIONAL_ADMIN -> { }
            case STATE_ADMIN -> json.put("state_id", stateId);
            case DISTRICT_ADMIN -> {
                json.put("state_id", stateId);
                json.put("district_id", districtId);
            }
            case FACILITY_ADMIN, VACCINATOR -> {
                json.put("state_id", stateId);
                json.put("district_id", districtId);
                json.put("center_id", centreId);
            }
        }
        return json;
    }
}
