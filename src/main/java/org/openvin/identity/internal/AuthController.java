package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.function.Supplier;
import org.openvin.identity.CitizenPrincipal;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.ClientAddress;
import org.openvin.profile.CountryProfile;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every login variant of the CoWIN contract (public, protected and the web portal's), staff
 * login and logout. The variants differ only in what they answer.
 */
@RestController
@RequestMapping("/api/v2/auth")
class AuthController {

    static final String LOGIN = "LOGIN";

    private final OtpLogin otps;
    private final CitizenAccounts accounts;
    private final Tokens tokens;
    private final StaffLogin staffLogin;
    private final ChangingStaffPassword changingPassword;
    private final AuditTrail audit;
    private final CountryProfile profile;
    private final Captchas captchas;

    AuthController(OtpLogin otps, CitizenAccounts accounts, Tokens tokens, StaffLogin staffLogin,
                   ChangingStaffPassword changingPassword, AuditTrail audit, CountryProfile profile, Captchas captchas) {
        this.changingPassword = changingPassword;
        this.profile = profile;
        this.captchas = captchas;
        this.otps = otps;
        this.accounts = accounts;
        this.tokens = tokens;
        this.staffLogin = staffLogin;
        this.audit = audit;
    }

    /** {@code captcha}: the answer to {@code getRecaptcha}, needed when the profile requires one. */
    record GenerateOtp(String mobile, String secret, String captcha) {
    }

    record CaptchaAnswer(String captcha) {
    }

    record ConfirmOtp(String otp, String txnId) {
    }

    record TxnAnswer(String txnId) {
    }

    record TokenAnswer(String token) {
    }

    record TokenWithAccount(String token, String isNewAccount) {
    }

    record StaffCredentials(String username, String password) {
    }

    record StaffToken(String token, String role, Map<String, Object> scope) {
    }

    @PostMapping({"/public/generateOTP", "/generateOTP", "/generateMobileOTP"})
    TxnAnswer generate(@RequestBody GenerateOtp body, HttpServletRequest request) {
        captchas.requireSolved(body.captcha());
        String mobile = body.mobile() == null ? null : body.mobile().trim();
        return new TxnAnswer(otps.send(mobile, LOGIN, "Your OpenVIN login OTP is ", ClientAddress.of(request)).txnId().toString());
    }

    /** The contract's captcha, for older clients: an SVG picture of the text to type (body ignored). */
    @PostMapping("/getRecaptcha")
    CaptchaAnswer captcha() {
        return new CaptchaAnswer(captchas.issue());
    }

    @PostMapping("/public/confirmOTP")
    @Transactional(noRollbackFor = ApiException.class)
    TokenAnswer confirmPublic(@RequestBody ConfirmOtp body,
                              @RequestHeader(value = "Accept-Language", required = false) String language) {
        return new TokenAnswer(login(body, language).token());
    }

    @PostMapping({"/confirmOTP", "/validateMobileOtp"})
    @Transactional(noRollbackFor = ApiException.class)
    TokenWithAccount confirm(@RequestBody ConfirmOtp body,
                             @RequestHeader(value = "Accept-Language", required = false) String language) {
        return login(body, language);
    }

    /** An app that asks for one of the country's languages at login makes it the account's language. */
    private TokenWithAccount login(ConfirmOtp body, String acceptLanguage) {
        String mobile = otps.confirm(body.txnId(), body.otp(), LOGIN);
        var account = accounts.loginOrRegister(mobile, profile.languageOf(acceptLanguage));
        audit.record(new AuditTrail.Actor("citizen:" + account.id(), "CITIZEN"), "CITIZEN_LOGIN",
                "account:" + account.id(), account.isNew() ? "new account" : null);
        return new TokenWithAccount(tokens.citizenToken(account.id()), account.isNew() ? "Y" : "N");
    }

    @PostMapping("/staff/login")
    StaffToken staffLogin(@RequestBody StaffCredentials body, HttpServletRequest request, HttpServletResponse response) {
        var staff = slowedDown(response, () -> staffLogin.login(body.username(), body.password(), ClientAddress.of(request)));
        return staffToken(staff);
    }

    record PasswordChange(String username, String password, String new_password) {
    }

    /**
     * A staff member replaces their password with the current one — the way out of a one-time
     * password ({@code STAFF0032} at sign-in) — and gets a token as a sign-in would.
     */
    @PostMapping("/staff/password")
    StaffToken changeStaffPassword(@RequestBody PasswordChange body, HttpServletRequest request,
                                   HttpServletResponse response) {
        var staff = slowedDown(response, () -> changingPassword.change(body.username(), body.password(),
                body.new_password(), ClientAddress.of(request)));
        return staffToken(staff);
    }

    private StaffToken staffToken(StaffLogin.Staff staff) {
        return new StaffToken(tokens.staffToken(staff.id(), staff.username(), staff.scope()),
                staff.scope().role().name(), staff.scope().asJson());
    }

    /** A sign-in refused for a wait says how long in {@code Retry-After}, as every 429 of the API does. */
    private static StaffLogin.Staff slowedDown(HttpServletResponse response, Supplier<StaffLogin.Staff> signIn) {
        try {
            return signIn.get();
        } catch (SignInThrottle.SlowDown wait) {
            response.setHeader("Retry-After", String.valueOf(wait.retryAfterSeconds()));
            throw wait;
        }
    }

    @GetMapping("/logout")
    @Transactional
    Map<String, String> logout() {
        Object principal = SecurityContextHolder.getContext().getAuthentication().getPrincipal();
        String jti = switch (principal) {
            case CitizenPrincipal c -> c.tokenId();
            case StaffPrincipal s -> s.tokenId();
            default -> throw new IllegalStateException("logout without a token holder");
        };
        tokens.revoke(jti);
        audit.record("LOGOUT", null, null);
        return Map.of("message", "Logged out");
    }
}
