package org.openvin.certificate.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openvin.certificate.codec.EuDcc;
import org.openvin.certificate.codec.SmartHealthCard;
import org.openvin.certificate.codec.VaccinationClaim;
import org.openvin.certificate.codec.W3cVerifiableCredential;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.platform.SecretKeys;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.Vaccine;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.openvin.vaccination.Vaccination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues the certificates of recorded doses, once, in every format the profile lists. A batch is
 * one transaction: the doses are taken off {@code certificate_queue} and their vaccination,
 * holder and centre read in one statement; each is signed; the certificates and their audit rows
 * are written in one statement. A crash before the commit leaves the doses queued; the unique
 * (vaccination, revision) makes a dose certified meanwhile (by a correction) a no-op.
 */
@Service
class IssuingCertificate {

    private static final Logger log = LoggerFactory.getLogger(IssuingCertificate.class);
    private static final Duration RETRY_FIRST = Duration.ofSeconds(10);
    private static final Duration RETRY_MAX = Duration.ofMinutes(30);

    /** What a certificate says about the person: from the beneficiary row at the moment of issuance. */
    record Holder(BeneficiaryId id, String name, int birthYear, int genderId) {

        static Holder of(Beneficiary b) {
            return new Holder(b.id(), b.name(), b.birthYear(), b.genderId());
        }
    }

    /** Where the dose was given; blank when the centre is gone. */
    record Place(String name, String address) {
    }

    /** A dose to certify, as the batch's one read returns it. */
    record Pending(Vaccination vaccination, Holder holder, Place place, int attempts) {
    }

    private record Signed(String id, Vaccination vaccination, int revision, String signingKey, String shcKid, String rid,
                          String euDcc, String shc, String w3c) {
    }

    private final JdbcClient jdbc;
    private final Centres centres;
    private final CountryProfile profile;
    private final SigningKeys keys;
    private final CertificateIds ids;
    private final Clock clock;
    private final byte[] ridSecret;

    IssuingCertificate(JdbcClient jdbc, Centres centres, CountryProfile profile, SigningKeys keys, CertificateIds ids,
                       Clock clock, SecretKeys secrets) {
        this.jdbc = jdbc;
        this.centres = centres;
        this.profile = profile;
        this.keys = keys;
        this.ids = ids;
        this.clock = clock;
        this.ridSecret = secrets.secret("certificate-rid", 32);
    }

    /**
     * Certifies up to {@code limit} queued doses in one transaction; returns how many were taken off
     * the queue (fewer than {@code limit}: the queue holds no more that are due). A dose whose
     * signing fails goes back on the queue for later, so one bad dose holds up no other.
     */
    @Transactional
    int issueQueued(int limit) {
        // The claimed rows stay locked, then deleted, until this transaction ends; a node that
        // dies meanwhile leaves them queued. Doses already certified (by a correction) are skipped.
        // The rows are picked once, in a materialised CTE: as "WHERE id IN (SELECT … LIMIT n FOR
        // UPDATE SKIP LOCKED)", PostgreSQL re-ran the sub-select under load and claimed up to 168
        // doses for a batch of 100 (bench run 8), which also ended the issuer's "full batch, go on"
        // loop early, so the last doses of the day waited a whole poll for their certificates.
        List<Pending> pending = jdbc.sql("""
                        WITH picked AS MATERIALIZED (
                            SELECT vaccination_id FROM certificate_queue WHERE due_at <= now()
                            ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED),
                        claimed AS (
                            DELETE FROM certificate_queue q USING picked p WHERE q.vaccination_id = p.vaccination_id
                            RETURNING q.vaccination_id, q.attempts)
                        SELECT q.vaccination_id, q.attempts, v.id, v.beneficiary_id, v.dose, v.total_doses, v.vaccine,
                            v.batch, v.vaccinated_on, v.centre_id, v.staff_name, v.certificate_id, v.recorded_at,
                            b.name, b.birth_year, b.gender_id, c.name AS centre_name, c.address AS centre_address,
                            EXISTS (SELECT 1 FROM certificate x WHERE x.vaccination_id = q.vaccination_id) AS certified
                        FROM claimed q
                        LEFT JOIN vaccination v ON v.id = q.vaccination_id
                        LEFT JOIN beneficiary b ON b.reference_id = v.beneficiary_id AND b.deleted_at IS NULL
                        LEFT JOIN centre c ON c.id = v.centre_id""")
                .param(limit)
                .query((rs, n) -> pending(rs)).list();
        Instant now = clock.instant();
        List<Signed> signed = new ArrayList<>();
        List<Pending> failed = new ArrayList<>();
        for (Pending p : pending) {
            if (p == null) {
                continue;
            }
            try {
                signed.add(sign(p.vaccination(), p.holder(), p.place(), 1, now));
                // Signing does not block, so a virtual issuer would hold its carrier for the whole
                // batch: let the requests waiting for one go first between certificates.
                Thread.yield();
            } catch (RuntimeException e) {
                log.error("Certificate for vaccination {} not signed (attempt {}); trying again later",
                        p.vaccination().id(), p.attempts() + 1, e);
                failed.add(p);
            }
        }
        write(signed, now);
        for (Pending p : failed) {
            Duration wait = RETRY_FIRST.multipliedBy(1L << Math.min(p.attempts(), 10));
            jdbc.sql("INSERT INTO certificate_queue (vaccination_id, due_at, attempts) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(p.vaccination().id(), Timestamp.from(now.plus(wait.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait)),
                            p.attempts() + 1)
                    .update();
        }
        return pending.size();
    }

    /** Issues revision {@code revision} of the dose's certificate unless it exists; in the caller's transaction. */
    void issue(Vaccination vaccination, Beneficiary beneficiary, int revision) {
        Centre centre = centres.find(vaccination.centreId()).orElse(null);
        Place place = centre == null ? new Place("", "") : new Place(centre.name(), centre.address());
        Instant now = clock.instant();
        write(List.of(sign(vaccination, Holder.of(beneficiary), place, revision, now)), now);
    }

    /**
     * A claimed dose; null when there is nothing to certify: it has a certificate already (a
     * correction came first), or its vaccination or its holder is gone.
     */
    private static Pending pending(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("vaccination_id", UUID.class);
        if (rs.getBoolean("certified")) {
            return null;
        }
        if (rs.getObject("id") == null || rs.getString("name") == null) {
            log.warn("Vaccination {} is queued for a certificate but it or its beneficiary is gone; none issued", id);
            return null;
        }
        BeneficiaryId holder = new BeneficiaryId(rs.getString("beneficiary_id"));
        Vaccination v = new Vaccination(id, holder, rs.getInt("dose"), rs.getInt("total_doses"), rs.getString("vaccine"),
                rs.getString("batch"), rs.getObject("vaccinated_on", LocalDate.class), rs.getLong("centre_id"),
                rs.getString("staff_name"), rs.getString("certificate_id"), rs.getTimestamp("recorded_at").toInstant());
        String centre = rs.getString("centre_name");
        return new Pending(v, new Holder(holder, rs.getString("name"), rs.getInt("birth_year"), rs.getInt("gender_id")),
                new Place(centre == null ? "" : centre, centre == null ? "" : rs.getString("centre_address")),
                rs.getInt("attempts"));
    }

    private Signed sign(Vaccination vaccination, Holder holder, Place place, int revision, Instant now) {
        String certificateId = ids.idFor(vaccination.id(), revision);
        VaccinationClaim claim = claim(vaccination, holder, place, certificateId, now);
        SigningKeys.KeySet key = keys.active();
        List<String> formats = profile.certificates().formats();
        String rid = SmartHealthCard.revocationId(ridSecret, certificateId);
        String euDcc = formats.contains("eu-dcc") ? EuDcc.issue(claim, key.ec().getPrivate(), key.kid()) : null;
        String shc = formats.contains("shc") ? SmartHealthCard.issue(claim, key.shcKey(), rid) : null;
        String w3c = formats.contains("w3c-vc")
                ? W3cVerifiableCredential.issue(claim, key.ed25519().getPrivate(), key.verificationMethod()) : null;
        return new Signed(certificateId, vaccination, revision, key.name(), key.shcKey().getKeyID(), rid, euDcc, shc, w3c);
    }

    /**
     * The certificates, and for each one actually inserted its audit row (as {@code AuditTrail}
     * records a system action), in one statement; a certificate already there is left alone.
     */
    private void write(List<Signed> batch, Instant now) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        WITH issued AS (
                            INSERT INTO certificate (id, vaccination_id, revision, beneficiary_id, dose, total_doses,
                                issued_at, signing_key, shc_kid, shc_rid, eu_dcc, shc, w3c_vc)
                            SELECT id, vaccination_id::uuid, revision, beneficiary_id, dose, total_doses, ?, signing_key,
                                shc_kid, shc_rid, eu_dcc, shc, w3c_vc
                            FROM unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[],
                                ?::text[], ?::text[], ?::text[], ?::text[])
                                AS t (id, vaccination_id, revision, beneficiary_id, dose, total_doses, signing_key, shc_kid,
                                      shc_rid, eu_dcc, shc, w3c_vc)
                            ON CONFLICT DO NOTHING
                            RETURNING id, vaccination_id, dose, total_doses)
                        INSERT INTO audit_event (actor, actor_role, action, subject, detail)
                        SELECT 'system', 'SYSTEM', 'CERTIFICATE_ISSUE', 'certificate:' || id,
                            'vaccination:' || vaccination_id || ' dose ' || dose || '/' || total_doses
                        FROM issued""")
                .params(Timestamp.from(now),
                        column(batch, Signed::id), column(batch, s -> s.vaccination().id().toString()),
                        batch.stream().map(Signed::revision).toArray(Integer[]::new),
                        column(batch, s -> s.vaccination().beneficiaryId().value()),
                        batch.stream().map(s -> s.vaccination().dose()).toArray(Integer[]::new),
                        batch.stream().map(s -> s.vaccination().totalDoses()).toArray(Integer[]::new),
                        column(batch, Signed::signingKey), column(batch, Signed::shcKid), column(batch, Signed::rid),
                        column(batch, Signed::euDcc), column(batch, Signed::shc), column(batch, Signed::w3c))
                .update();
    }

    private static String[] column(List<Signed> batch, java.util.function.Function<Signed, String> value) {
        return batch.stream().map(value).toArray(String[]::new);
    }

    private VaccinationClaim claim(Vaccination v, Holder b, Place place, String certificateId, Instant now) {
        Vaccine vaccine = profile.vaccine(v.vaccine()).orElseThrow();
        var codes = vaccine.codes();
        String name = b.name().trim();
        int space = name.lastIndexOf(' ');
        String family = space < 0 ? name : name.substring(space + 1);
        String given = space < 0 ? null : name.substring(0, space);
        var issuer = profile.certificates().issuer();
        String gender = profile.gender(b.genderId()).map(g -> g.code()).orElse("other");
        return new VaccinationClaim(family, given, String.valueOf(b.birthYear()), gender, b.id().value(), certificateId,
                issuer.name(), issuer.country(), issuer.url(), profile.certificates().disease().snomed(), vaccine.name(),
                codes == null ? null : codes.snomed(), codes == null ? null : codes.atc(),
                codes == null ? null : codes.euProduct(), codes == null ? null : codes.euManufacturer(),
                vaccine.manufacturer(), codes == null ? null : codes.icd11(), codes == null ? null : codes.cvx(), v.batch(),
                v.vaccinatedOn(), v.dose(), v.totalDoses(), place.name(), place.address(), v.vaccinatorName(), now, null);
    }
}
