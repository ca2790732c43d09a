package org.openvin.identity;

/** Staff roles, from the widest scope to the narrowest. */
public enum Role {
    NATIONAL_ADMIN, STATE_ADMIN, DISTRICT_ADMIN, FACILITY_ADMIN, VACCINATOR;

    /** Whether this role may create or disable accounts of {@code other}: only roles below its own. */
    public boolean outranks(Role other) {
        return ordinal() < other.ordinal();
    }

    public boolean isAdmin() {
        return this != VACCINATOR;
    }
}
