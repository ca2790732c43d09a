package org.openvin.certificate.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.openvin.certificate.codec.EuDcc;
import org.openvin.certificate.codec.SmartHealthCard;
import org.openvin.certificate.codec.VaccinationClaim;
import org.openvin.certificate.codec.W3cVerifiableCredential;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.SecretKeys;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.Vaccine;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.openvin.vaccination.DoseRecorded;
import org.openvin.vaccination.Vaccination;
import org.openvin.vaccination.Vaccinations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;

/**
 * Issues the certificate of a recorded dose, once, in every format the profile lists. Runs after
 * the dose commits; the event registry re-delivers it after a crash, and the unique
 * (vaccination, revision) makes a second delivery a no-op.
 */
@Service
class IssuingCertificate {

    private final JdbcClient jdbc;
    private final Vaccinations vaccinations;
    private final Beneficiaries beneficiaries;
    private final Centres centres;
    private final CountryProfile profile;
    private final SigningKeys keys;
    private final CertificateIds ids;
    private final AuditTrail audit;
    private final Clock clock;
    private final byte[] ridSecret;

    IssuingCertificate(JdbcClient jdbc, Vaccinations vaccinations, Beneficiaries beneficiaries, Centres centres,
                       CountryProfile profile, SigningKeys keys, CertificateIds ids, AuditTrail audit, Clock clock,
                       SecretKeys secrets) {
        this.jdbc = jdbc;
        this.vaccinations = vaccinations;
        this.beneficiaries = beneficiaries;
        this.centres = centres;
        this.profile = profile;
        this.keys = keys;
        this.ids = ids;
        this.audit = audit;
        this.clock = clock;
        this.ridSecret = secrets.secret("certificate-rid", 32);
    }

    @ApplicationModuleListener
    void on(DoseRecorded event) {
        Vaccination vaccination = vaccinations.find(event.vaccinationId())
                .orElseThrow(() -> new IllegalStateException("No vaccination " + event.vaccinationId()));
        Beneficiary beneficiary = beneficiaries.find(vaccination.beneficiaryId())
                .orElseThrow(() -> new IllegalStateException("No beneficiary " + vaccination.beneficiaryId()));
        issue(vaccination, beneficiary, 1);
    }

    /** Issues revision {@code revision} of the dose's certificate unless it exists; in the caller's transaction. */
    void issue(Vaccination vaccination, Beneficiary beneficiary, int revision) {
        boolean exists = jdbc.sql("SELECT count(*) FROM certificate WHERE vaccination_id = ? AND revision = ?")
                .params(vaccination.id(), revision).query(Integer.class).single() > 0;
        if (exists) {
            return;
        }
        String certificateId = ids.idFor(vaccination.id(), revision);
        Instant now = clock.instant();
        VaccinationClaim claim = claim(vaccination, beneficiary, certificateId, now);
        SigningKeys.KeySet key = keys.active();
        List<String> formats = profile.certificates().formats();
        String rid = SmartHealthCard.revocationId(ridSecret, certificateId);
        String euDcc = formats.contains("eu-dcc") ? EuDcc.issue(claim, key.ec().getPrivate(), key.kid()) : null;
        String shc = formats.contains("shc") ? SmartHealthCard.issue(claim, key.shcKey(), rid) : null;
        String w3c = formats.contains("w3c-vc")
                ? W3cVerifiableCredential.issue(claim, key.ed25519().getPrivate(), key.verificationMethod()) : null;
        int inserted = jdbc.sql("""
                        INSERT INTO certificate (id, vaccination_id, revision, beneficiary_id, dose, total_doses, issued_at,
                            signing_key, shc_kid, shc_rid, eu_dcc, shc, w3c_vc)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(certificateId, vaccination.id(), revision, beneficiary.id().value(), vaccination.dose(),
                        vaccination.totalDoses(), java.sql.Timestamp.from(now), key.name(), key.shcKey().getKeyID(), rid,
                        euDcc, shc, w3c)
                .update();
        if (inserted == 1) {
            audit.record(AuditTrail.Actor.SYSTEM, "CERTIFICATE_ISSUE", "certificate:" + certificateId,
                    "vaccination:" + vaccination.id() + " dose " + vaccination.dose() + "/" + vaccination.totalDoses());
        }
    }

    private VaccinationClaim claim(Vaccination v, Beneficiary b, String certificateId, Instant now) {
        Vaccine vaccine = profile.vaccine(v.vaccine()).orElseThrow();
        var codes = vaccine.codes();
        String name = b.name().trim();
        int space = name.lastIndexOf(' ');
        String family = space < 0 ? name : name.substring(space + 1);
        String given = space < 0 ? null : name.substring(0, space);
        Centre centre = centres.find(v.centreId()).orElse(null);
        var issuer = profile.certificates().issuer();
        String gender = profile.gender(b.genderId()).map(g -> g.code()).orElse("other");
        return new VaccinationClaim(family, given, String.valueOf(b.birthYear()), gender, b.id().value(), certificateId,
                issuer.name(), issuer.country(), issuer.url(), profile.certificates().disease().snomed(), vaccine.name(),
                codes == null ? null : codes.snomed(), codes == null ? null : codes.atc(),
                codes == null ? null : codes.euProduct(), codes == null ? null : codes.euManufacturer(),
                vaccine.manufacturer(), codes == null ? null : codes.icd11(), codes == null ? null : codes.cvx(), v.batch(),
                v.vaccinatedOn(), v.dose(), v.totalDoses(), centre == null ? "" : centre.name(),
                centre == null ? "" : centre.address(), v.vaccinatorName(), now, null);
    }
}
