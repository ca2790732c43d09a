package org.openvin.identity;

import org.openvin.platform.AuditTrail;

/**
 * A citizen logged in by OTP: the account. The mobile number is not carried (a token is readable by
 * whoever holds it); who needs it reads the account's current one ({@code Beneficiaries.contactOf}).
 */
public record CitizenPrincipal(long accountId, String tokenId)
        implements AuditTrail.Audited, java.security.Principal, java.io.Serializable {

    /** How page sessions and logs name the holder: no mobile number. */
    @Override
    public String getName() {
        return "citizen:" + accountId;
    }

    @Override
    public AuditTrail.Actor auditActor() {
        return new AuditTrail.Actor("citizen:" + accountId, "CITIZEN");
    }
}
