package org.openvin.identity.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryCorrection;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.WalkInRegistration;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the point of care and the certificate module need from identity: walk-in, correction. */
@Service
class BeneficiaryDesk implements WalkInRegistration, BeneficiaryCorrection {

    private final JdbcClient jdbc;
    private final PhotoIds photoIds;
    private final Beneficiaries beneficiaries;
    private final CitizenAccounts accounts;
    private final RegisteringBeneficiary registering;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final Clock clock;

    BeneficiaryDesk(JdbcClient jdbc, PhotoIds photoIds, Beneficiaries beneficiaries, CitizenAccounts accounts,
                    RegisteringBeneficiary registering, CountryProfile profile, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.photoIds = photoIds;
        this.beneficiaries = beneficiaries;
        this.accounts = accounts;
        this.registering = registering;
        this.profile = profile;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional
    public BeneficiaryId register(WalkIn w) {
        String mobile = w.mobile() == null ? "" : w.mobile().trim();
        if (!profile.isValidMobile(mobile)) {
            throw ApiException.badRequest("BENREG0010", "mobile_number is not a valid mobile number");
        }
        long accountId = accounts.loginOrRegister(mobile, null).id();
        return registering.register(accountId, new RegisteringBeneficiary.Registration(w.name(), w.birthYear(),
                w.genderId(), w.photoIdType(), w.photoIdNumber(), w.comorbidityInd(), "WALK_IN"), true);
    }

    @Override
    @Transactional
    public Registered registerOrMatch(WalkIn w) {
        if (w.photoIdType() != null && w.photoIdNumber() != null) {
            Optional<BeneficiaryId> existing = holderOf(w.photoIdType(), w.photoIdNumber());
            if (existing.isPresent()) {
                return new Registered(existing.get(), true);
            }
        }
        return new Registered(register(w), false);
    }

    /**
     * Who is registered with this photo ID (the number checked against the profile first, then
     * compared only through its keyed hash). Within identity only: other modules go through the
     * need-to-know {@code PersonLookup} or {@link #registerOrMatch}.
     */
    public Optional<BeneficiaryId> holderOf(int photoIdType, String photoIdNumber) {
        String number = photoIds.validate(photoIdType, photoIdNumber);
        return jdbc.sql("""
                        SELECT reference_id FROM beneficiary
                        WHERE photo_id_type = ? AND photo_id_hash = ? AND deleted_at IS NULL""")
                .params(photoIdType, photoIds.hash(photoIdType, number)).query(String.class).optional()
                .map(BeneficiaryId::new);
    }

    @Override
    @Transactional
    public Beneficiary correct(long accountId, BeneficiaryId id, Correction c) {
        Beneficiary b = beneficiaries.lock(id).filter(x -> x.accountId() == accountId)
                .orElseThrow(() -> ApiException.notFound("CERTIF0004", "Beneficiary not found in your account"));
        if (c.name() == null && c.birthYear() == null && c.genderId() == null) {
            throw ApiException.badRequest("CERTIF0005", "Give at least one of name, birth_year, gender_id");
        }
        int limit = profile.limits().correctionsPerBeneficiary();
        if (b.corrections() >= limit) {
            audit.refused("BENEFICIARY_CORRECT", "beneficiary:" + id.value(), "correction limit reached");
            throw ApiException.conflict("CERTIF0006", "A beneficiary's details can be corrected at most " + limit + " times");
        }
        String name = c.name() == null ? b.name() : c.name().trim().replaceAll("\\s+", " ");
        if (name.isEmpty() || name.length() > 100 || !name.matches("[\\p{L}\\p{M}][\\p{L}\\p{M} .'-]*")) {
            throw ApiException.badRequest("BENREG0006", "name must be 1 to 100 letters (spaces, dots, apostrophes and hyphens allowed)");
        }
        int year = c.birthYear() == null ? b.birthYear() : c.birthYear();
        int now = LocalDate.now(clock.withZone(profile.zone())).getYear();
        if (year > now || year < now - 120) {
            throw ApiException.badRequest("BENREG0005", "birth_year must be between " + (now - 120) + " and " + now);
        }
        int gender = c.genderId() == null ? b.genderId() : c.genderId();
        if (profile.gender(gender).isEmpty()) {
            throw ApiException.badRequest("BENREG0004", "gender_id must be one of the genders in /v2/registration/beneficiary/genders");
        }
        jdbc.sql("""
                        UPDATE beneficiary SET name = ?, birth_year = ?, gender_id = ?, corrections = corrections + 1,
                            updated_at = now() WHERE reference_id = ?""")
                .params(name, year, gender, id.value()).update();
        audit.record("BENEFICIARY_CORRECT", "beneficiary:" + id.value(),
                "correction " + (b.corrections() + 1) + " of " + limit);
        return beneficiaries.find(id).orElseThrow();
    }
}
