package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.openvin.identity.CitizenPrincipal;
import org.openvin.identity.CurrentUser;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.ClientAddress;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changing the registered mobile (CoWIN had no way to): an OTP to the old number proves the
 * owner, an OTP to the new one proves the new phone; the account, and every beneficiary on it,
 * moves to the new number.
 */
@RestController
@RequestMapping("/api/v2/registration/mobile")
class ChangingMobile {

    private final OtpLogin otps;
    private final JdbcClient jdbc;
    private final Tokens tokens;
    private final AuditTrail audit;

    ChangingMobile(OtpLogin otps, JdbcClient jdbc, Tokens tokens, AuditTrail audit) {
        this.otps = otps;
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.audit = audit;
    }

    record Request(String new_mobile) {
    }

    record Sent(String old_txnId, String new_txnId) {
    }

    record Confirm(String old_txnId, String old_otp, String new_txnId, String new_otp) {
    }

    record Changed(String token, String mobile_number) {
    }

    @PostMapping("/generateOTP")
    Sent generate(@RequestBody Request body, HttpServletRequest request) {
        CitizenPrincipal citizen = CurrentUser.citizen();
        String newMobile = body.new_mobile() == null ? null : body.new_mobile().trim();
        otps.requireMobile(newMobile);
        String current = currentMobile(citizen.accountId());
        if (newMobile.equals(current)) {
            throw ApiException.badRequest("USRAUT0030", "That is already your registered mobile number");
        }
        requireFree(newMobile);
        String address = ClientAddress.of(request);
        var old = otps.send(current, purpose("OLD", citizen), "Your OTP to move your OpenVIN account to a new number is ", address);
        var fresh = otps.send(newMobile, purpose("NEW", citizen), "Your OTP to register this number with OpenVIN is ", address);
        return new Sent(old.txnId().toString(), fresh.txnId().toString());
    }

    @PostMapping("/confirm")
    @Transactional(noRollbackFor = ApiException.class)
    Changed confirm(@RequestBody Confirm body) {
        CitizenPrincipal citizen = CurrentUser.citizen();
        String oldMobile = otps.check(body.old_txnId(), body.old_otp(), purpose("OLD", citizen));
        String newMobile = otps.check(body.new_txnId(), body.new_otp(), purpose("NEW", citizen));
        otps.markUsed(body.old_txnId());
        otps.markUsed(body.new_txnId());
        if (!oldMobile.equals(currentMobile(citizen.accountId()))) {
            throw ApiException.badRequest("USRAUT0031", "The registered number changed meanwhile; start again");
        }
        requireFree(newMobile);
        try {
            jdbc.sql("UPDATE citizen_account SET mobile = ?, updated_at = now() WHERE id = ?")
                    .params(newMobile, citizen.accountId()).update();
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("USRAUT0032", "That number is already registered to another account");
        }
        tokens.revoke(citizen.tokenId());
        audit.record("MOBILE_CHANGE", "account:" + citizen.accountId(),
                OtpLogin.mask(oldMobile) + " -> " + OtpLogin.mask(newMobile));
        return new Changed(tokens.citizenToken(citizen.accountId()), OtpLogin.mask(newMobile));
    }

    private static String purpose(String which, CitizenPrincipal citizen) {
        return "MOBILE_" + which + ":" + citizen.accountId();
    }

    private String currentMobile(long accountId) {
        return jdbc.sql("SELECT mobile FROM citizen_account WHERE id = ?").param(accountId).query(String.class).single();
    }

    private void requireFree(String mobile) {
        boolean taken = jdbc.sql("SELECT EXISTS (SELECT 1 FROM citizen_account WHERE mobile = ?)").param(mobile)
                .query(Boolean.class).single();
        if (taken) {
            throw ApiException.conflict("USRAUT0032", "That number is already registered to another account");
        }
    }
}
