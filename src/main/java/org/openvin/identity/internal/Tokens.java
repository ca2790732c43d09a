package org.openvin.identity.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openvin.identity.CitizenPrincipal;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.identity.StaffScope;
import org.openvin.platform.BearerTokens;
import org.openvin.platform.SecretKeys;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Signed JWTs (HS256) for citizens and staff: {@code iat} and {@code exp} 15 minutes apart (the
 * contract's clients decode {@code exp}), a {@code jti} so logout can revoke one token, and a
 * {@code typ} claim that keeps citizen and staff tokens apart. Stateless apart from revocations,
 * so any app node accepts any node's tokens.
 * <p>
 * A staff token also carries its account's {@code gen}eration; disabling the account, a new
 * password (changed or reset) or a new role or place starts a new generation (a trigger on
 * {@code staff_account}, V38). Whether a token was logged out, or its account changed since, is
 * asked of {@link TokenRevocations}, this node's memory of both, kept current from the database
 * by LISTEN/NOTIFY and a poll: a valid token costs no SQL, and a revoked one is refused on every
 * node within a second.
 */
@Component
class Tokens implements BearerTokens {

    static final String CITIZEN = "citizen";
    static final String STAFF = "staff";

    private final byte[] secret;
    private final JWSVerifier verifier;
    private final Duration lifetime;
    private final JdbcClient jdbc;
    private final TokenRevocations revocations;
    private final Clock clock;

    Tokens(SecretKeys keys, JdbcClient jdbc, TokenRevocations revocations,
           @Value("${openvin.tokens.lifetime:15m}") Duration lifetime, Clock clock) throws JOSEException {
        this.secret = keys.secret("token-hmac", 32);
        this.verifier = new MACVerifier(secret);
        this.lifetime = lifetime;
        this.jdbc = jdbc;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** No personal data in the claims: the token is base64, readable by anyone who sees it. */
    String citizenToken(long accountId) {
        return sign(new JWTClaimsSet.Builder()
                .subject(String.valueOf(accountId))
                .claim("typ", CITIZEN));
    }

    String staffToken(long staffId, String username, StaffScope scope) {
        int generation = staffGeneration(staffId);
        return sign(new JWTClaimsSet.Builder()
                .subject(String.valueOf(staffId))
                .claim("typ", STAFF)
                .claim("gen", generation)
                .claim("username", username)
                .claim("role", scope.role().name())
                .claim("state_id", scope.stateId())
                .claim("district_id", scope.districtId())
                .claim("center_id", scope.centreId()));
    }

    private String sign(JWTClaimsSet.Builder claims) {
        Instant now = clock.instant();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims
                    .jwtID(UUID.randomUUID().toString())
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(lifetime)))
                    .build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign token", e);
        }
    }

    @Override
    public Optional<Authentication> authenticate(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null || !exp.toInstant().isAfter(clock.instant()) || claims.getJWTID() == null) {
                return Optional.empty();
            }
            long subject = Long.parseLong(claims.getSubject());
            return switch (String.valueOf(claims.getClaim("typ"))) {
                case CITIZEN -> revocations.isLoggedOut(claims.getJWTID()) ? Optional.empty() : Optional.of(authenticated(
                        new CitizenPrincipal(subject, claims.getJWTID()),
                        List.of("ROLE_CITIZEN")));
                case STAFF -> {
                    Integer generation = claims.getIntegerClaim("gen");
                    if (generation == null || revocations.isLoggedOut(claims.getJWTID())
                            || !revocations.isCurrentStaff(subject, generation)) {
                        yield Optional.empty();
                    }
                    Role role = Role.valueOf(claims.getStringClaim("role"));
                    StaffScope scope = new StaffScope(role, integer(claims, "state_id"), integer(claims, "district_id"),
                            claims.getLongClaim("center_id"));
                    yield Optional.of(authenticated(
                            new StaffPrincipal(subject, claims.getStringClaim("username"), scope, claims.getJWTID()),
                            List.of("ROLE_STAFF", "ROLE_" + role.name())));
                }
                default -> Optional.empty();
            };
        } catch (DataAccessException e) {
            // Revocations could not be read (this node's view is stale and the database is away):
            // an outage, not a bad token, and never a stale yes.
            throw e;
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Integer integer(JWTClaimsSet claims, String name) throws ParseException {
        return claims.getIntegerClaim(name);
    }

    private static Authentication authenticated(Object principal, List<String> authorities) {
        return UsernamePasswordAuthenticationToken.authenticated(principal, null,
                authorities.stream().map(SimpleGrantedAuthority::new).toList());
    }

    /** The account's token generation now: what a new token or page session of it carries. */
    int staffGeneration(long staffId) {
        return jdbc.sql("SELECT token_generation FROM staff_account WHERE id = ?").param(staffId)
                .query(Integer.class).single();
    }

    /**
     * The account is still active and of this generation (a staff page session's check): asked of
     * SQL, because a page session outlives a token and the memory of changes kept for tokens.
     */
    boolean isCurrentStaff(long staffId, int generation) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM staff_account WHERE id = ? AND active AND token_generation = ?)")
                .params(staffId, generation)
                .query(Boolean.class).single();
    }

    /** Logout: the token stops working now, on every node, though its exp is still ahead. */
    void revoke(String jti) {
        Instant expires = clock.instant().plus(lifetime);
        jdbc.sql("""
                        INSERT INTO revoked_token (jti, expires_at) VALUES (?, ?)
                        ON CONFLICT (jti) DO NOTHING""")
                .params(jti, java.sql.Timestamp.from(expires))
                .update();
        revocations.loggedOutHere(jti, expires);
    }
}
