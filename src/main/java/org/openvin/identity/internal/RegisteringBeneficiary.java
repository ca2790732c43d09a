package org.openvin.identity.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.openvin.identity.BeneficiaryDeleted;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.Beneficiaries;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A citizen registers a family member (or a vaccinator registers a walk-in): checked against the
 * profile, at most the profile's number per account, and never a second record for the same
 * photo ID anywhere in the population.
 */
@Service
class RegisteringBeneficiary {

    record Registration(String name, String birthYear, Integer genderId, Integer photoIdType, String photoIdNumber,
                        String comorbidityInd, String consentVersion) {
    }

    private static final SecureRandom random = new SecureRandom();
    // Compiled once: bulk import validates hundreds of thousands of names.
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} .'-]*");

    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final PhotoIds photoIds;
    private final AuditTrail audit;
    private final Clock clock;
    private final Beneficiaries beneficiaries;
    private final ApplicationEventPublisher events;

    RegisteringBeneficiary(JdbcClient jdbc, CountryProfile profile, PhotoIds photoIds, AuditTrail audit, Clock clock,
                           Beneficiaries beneficiaries, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.profile = profile;
        this.photoIds = photoIds;
        this.audit = audit;
        this.clock = clock;
        this.beneficiaries = beneficiaries;
        this.events = events;
    }

    /** A registration that passed every rule of the profile, with the photo-ID number normalised. */
    record Valid(String name, int birthYear, int genderId, int photoIdType, String photoIdNumber, String comorbidity) {
    }

    /** The registration rules, shared by single and bulk registration; throws the first broken one. */
    Valid validate(Registration r) {
        String name = r.name() == null ? "" : SPACES.matcher(r.name().trim()).replaceAll(" ");
        if (name.isEmpty() || name.length() > 100 || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("BENREG0006", "name must be 1 to 100 letters (spaces, dots, apostrophes and hyphens allowed)");
        }
        int birthYear = birthYear(r.birthYear());
        if (r.genderId() == null || profile.gender(r.genderId()).isEmpty()) {
            throw ApiException.badRequest("BENREG0004", "gender_id must be one of the genders in /v2/registration/beneficiary/genders");
        }
        if (r.photoIdType() == null) {
            throw ApiException.badRequest("BENREG0007", "photo_id_type is required");
        }
        String number = photoIds.validate(r.photoIdType(), r.photoIdNumber());
        String comorbidity = r.comorbidityInd() == null ? "N" : r.comorbidityInd().trim().toUpperCase();
        if (!comorbidity.equals("Y") && !comorbidity.equals("N")) {
            throw ApiException.badRequest("BENREG0009", "comorbidity_ind must be Y or N");
        }
        return new Valid(name, birthYear, r.genderId(), r.photoIdType(), number, comorbidity);
    }

    @Transactional
    BeneficiaryId register(long accountId, Registration r) {
        return register(accountId, r, false);
    }

    /**
     * Registers under the account. A walk-in (registered by staff, the number's owner not asked) is
     * kept apart from the owner's family: not counted in its limit, not listed to the owner, so
     * anyone at a desk cannot fill someone else's family list.
     */
    @Transactional
    BeneficiaryId register(long accountId, Registration r, boolean walkIn) {
        Valid v = validate(r);
        // Lock the account: two registrations at once must not both squeeze under the limit.
        jdbc.sql("SELECT id FROM citizen_account WHERE id = ? FOR UPDATE").param(accountId).query(Long.class).single();
        int registered = jdbc.sql("SELECT count(*) FROM beneficiary WHERE account_id = ? AND deleted_at IS NULL AND NOT walk_in")
                .param(accountId).query(Integer.class).single();
        int limit = profile.limits().beneficiariesPerAccount();
        if (!walkIn && registered >= limit) {
            throw ApiException.badRequest("BENREG0001", "An account can register at most " + limit + " beneficiaries");
        }
        var sealed = photoIds.protect(v.photoIdType(), v.photoIdNumber());
        BeneficiaryId id = null;
        for (int attempt = 0; attempt < 5 && id == null; attempt++) {
            String candidate = newReferenceId();
            try {
                int inserted = jdbc.sql("""
                                INSERT INTO beneficiary (reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                                    photo_id_hash, photo_id_cipher, photo_id_masked, comorbidity_ind, consent_version, walk_in)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                ON CONFLICT (reference_id) DO NOTHING""")
                        .params(candidate, accountId, v.name(), v.birthYear(), v.genderId(), v.photoIdType(), sealed.hash(),
                                sealed.cipher(), sealed.masked(), v.comorbidity(), r.consentVersion(), walkIn)
                        .update();
                id = inserted == 1 ? new BeneficiaryId(candidate) : null;
            } catch (DuplicateKeyException e) {
                audit.refused("BENEFICIARY_REGISTER", "account:" + accountId, "photo ID already registered");
                throw ApiException.conflict("BENREG0003",
                        "This photo ID is already registered for another beneficiary. One person can be registered only once.");
            }
        }
        if (id == null) {
            throw new IllegalStateException("Could not draw a free reference id");
        }
        audit.record("BENEFICIARY_REGISTER", "beneficiary:" + id.value(), "account:" + accountId + (walkIn ? " (walk-in)" : ""));
        return id;
    }

    private int birthYear(String text) {
        int year;
        try {
            year = Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("BENREG0005", "birth_year must be a year such as 1980");
        }
        int now = LocalDate.now(clock.withZone(profile.zone())).getYear();
        if (year > now || year < now - 120) {
            throw ApiException.badRequest("BENREG0005", "birth_year must be between " + (now - 120) + " and " + now);
        }
        return year;
    }

    static String newReferenceId() {
        return String.valueOf(10_000_000_000_000L + (long) (random.nextDouble() * 89_999_999_999_999L));
    }

    @Transactional
    void delete(long accountId, String referenceId) {
        if (!BeneficiaryId.isValid(referenceId)) {
            throw ApiException.badRequest("APPOIN0001", "beneficiary_reference_id is not valid");
        }
        BeneficiaryId id = new BeneficiaryId(referenceId);
        var beneficiary = beneficiaries.lock(id)
                .filter(b -> b.accountId() == accountId)
                .orElseThrow(() -> ApiException.notFound("APPOIN0001", "Beneficiary not found in your account"));
        if (beneficiary.dosesReceived() > 0) {
            throw ApiException.conflict("BENREG0008", "A beneficiary with a recorded vaccination cannot be deleted");
        }
        jdbc.sql("UPDATE beneficiary SET deleted_at = now(), updated_at = now() WHERE reference_id = ?")
                .param(referenceId).update();
        audit.record("BENEFICIARY_DELETE", "beneficiary:" + referenceId, null);
        events.publishEvent(new BeneficiaryDeleted(id, accountId));
    }
}
