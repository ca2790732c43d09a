package org.openvin.identity;

import org.openvin.platform.AuditTrail;

/** A logged-in staff member with a role and the scope it applies to. */
public record StaffPrincipal(long staffId, String username, StaffScope scope, String tokenId)
        implements AuditTrail.Audited, java.security.Principal, java.io.Serializable {

    @Override
    public String getName() {
        return "staff:" + staffId;
    }

    public Role role() {
        return scope.role();
    }

    @Override
    public AuditTrail.Actor auditActor() {
        return new AuditTrail.Actor("staff:" + staffId + ":" + username, scope.role().name());
    }
}
