package org.openvin.identity.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.PersonLookup;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Looking a person up by mobile or photo ID (see {@link PersonLookup} for the rules).
 *
 * <p>One transaction holds the account's look-up count and the look-up itself: it takes an
 * advisory lock on the staff account, counts the account's look-ups of the last hour in
 * {@code staff_lookup}, and either writes a REFUSED row (then answers 429) or runs the search and
 * writes the row with its purpose and outcome, with the audit row beside it. The lock makes the
 * count exact however many nodes serve the account at once. The count is kept this way rather than
 * in a token-bucket library (bucket4j's PostgreSQL backend) because the look-up log is needed
 * anyway — it is what the district admin's report reads — and a sliding hour over it is exact and
 * tells the caller precisely when the oldest look-up leaves the window.
 */
@Service
class LookingUpPerson implements PersonLookup {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    /** The advisory-lock class of look-up counts (ASCII "LOOK"), so it cannot collide with other locks. */
    private static final int LOCK_CLASS = 0x4c4f4f4b;

    private final JdbcClient jdbc;
    private final BeneficiaryDesk desk;
    private final Beneficiaries beneficiaries;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;
    private final Counter flagged;

    LookingUpPerson(JdbcClient jdbc, BeneficiaryDesk desk, Beneficiaries beneficiaries, CountryProfile profile, AuditTrail audit,
                    Clock clock, PlatformTransactionManager transactions, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.desk = desk;
        this.beneficiaries = beneficiaries;
        this.profile = profile;
        this.audit = audit;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.meters = meters;
        this.flagged = Counter.builder("openvin.staff.lookups.flagged")
                .description("Staff accounts flagged for unusual look-up volumes (refused by the hourly limit, or past the daily figure)")
                .register(meters);
    }

    @Override
    public List<String> purposes() {
        return profile.limits().lookupPurposes();
    }

    @Override
    public List<Beneficiary> byMobile(StaffPrincipal staff, String purpose, String mobile) {
        String number = mobile == null ? "" : mobile.strip();
        String subject = "mobile:" + OtpLogin.mask(number);
        return lookUp(staff, purpose, "MOBILE", subject, () -> {
            if (!profile.isValidMobile(number)) {
                throw ApiException.badRequest("VACCIN0019", "mobile_number is not a valid mobile number");
            }
            return beneficiaries.ofMobile(number);
        });
    }

    @Override
    public Optional<Beneficiary> byPhotoId(StaffPrincipal staff, String purpose, Integer photoIdType, String photoIdNumber) {
        String subject = "photo-id-type:" + photoIdType;
        return lookUp(staff, purpose, "PHOTO_ID", subject, () -> {
            if (photoIdType == null || photoIdNumber == null) {
                throw ApiException.badRequest("VACCIN0021", "photo_id_type and photo_id_number are required");
            }
            return desk.holderOf(photoIdType, photoIdNumber).flatMap(beneficiaries::find).stream().toList();
        }).stream().findFirst();
    }

    private sealed interface Outcome {
    }

    private record Found(List<Beneficiary> people) implements Outcome {
    }

    private record Invalid(ApiException refusal) implements Outcome {
    }

    private record Refused(long retryAfterSeconds) implements Outcome {
    }

    private List<Beneficiary> lookUp(StaffPrincipal staff, String purpose, String kind, String subject,
                                     Supplier<List<Beneficiary>> search) {
        String chosen = purpose == null ? "" : purpose.strip().toUpperCase(java.util.Locale.ROOT);
        if (!purposes().contains(chosen)) {
            audit.refused("PERSON_LOOKUP", subject, "no allowed purpose given (" + kind + ")");
            throw ApiException.badRequest("LOOKUP0001", "purpose must be one of " + purposes()
                    + ": staff look people up only for a reason the country allows").on("purpose");
        }
        Outcome outcome = transaction.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)").params(LOCK_CLASS, (int) staff.staffId()).query(Object.class).list();
            Instant now = clock.instant();
            var window = jdbc.sql("""
                            SELECT count(*) FILTER (WHERE at > :hour AND outcome <> 'REFUSED') AS last_hour,
                                   min(at) FILTER (WHERE at > :hour AND outcome <> 'REFUSED') AS oldest,
                                   count(*) FILTER (WHERE outcome <> 'REFUSED') AS last_day,
                                   count(*) FILTER (WHERE outcome = 'REFUSED') AS refused_day
                            FROM staff_lookup WHERE staff_id = :staff AND at > :day""")
                    .param("hour", at(now.minus(HOUR))).param("day", at(now.minus(DAY))).param("staff", staff.staffId())
                    .query((rs, n) -> new Window(rs.getLong("last_hour"), rs.getObject("oldest", OffsetDateTime.class),
                            rs.getLong("last_day"), rs.getLong("refused_day")))
                    .single();
            int perHour = profile.limits().lookupsPerHour();
            if (window.lastHour() >= perHour) {
                write(staff, kind, chosen, "REFUSED", 0, now);
                audit.record("PERSON_LOOKUP_REFUSED", subject, "purpose " + chosen + "; " + perHour + " look-ups an hour used");
                if (window.refusedDay() == 0 && window.lastDay() < profile.limits().lookupsFlagPerDay()) {
                    flag(staff, "refused by the hourly limit");
                }
                long wait = Duration.between(now, window.oldest().toInstant().plus(HOUR)).toSeconds() + 1;
                return new Refused(Math.max(1, wait));
            }
            if (window.lastDay() + 1 == profile.limits().lookupsFlagPerDay() && window.refusedDay() == 0) {
                flag(staff, (window.lastDay() + 1) + " look-ups in a day");
            }
            try {
                List<Beneficiary> people = search.get();
                write(staff, kind, chosen, people.isEmpty() ? "NOT_FOUND" : "FOUND", people.size(), now);
                audit.record("PERSON_LOOKUP", subject, "purpose " + chosen + "; by " + kind.toLowerCase(java.util.Locale.ROOT)
                        + "; found " + people.size());
                return new Found(people);
            } catch (ApiException e) {
                write(staff, kind, chosen, "INVALID", 0, now);
                audit.record("PERSON_LOOKUP", subject, "purpose " + chosen + "; invalid " + e.errorCode());
                return new Invalid(e);
            }
        });
        meters.counter("openvin.staff.lookups", "kind", kind, "outcome", switch (outcome) {
            case Found f -> f.people().isEmpty() ? "not_found" : "found";
            case Invalid i -> "invalid";
            case Refused r -> "refused";
        }).increment();
        return switch (outcome) {
            case Found f -> f.people();
            case Invalid i -> throw i.refusal();
            case Refused r -> throw new TooManyLookups(profile.limits().lookupsPerHour(), r.retryAfterSeconds());
        };
    }

    private record Window(long lastHour, OffsetDateTime oldest, long lastDay, long refusedDay) {
    }

    private void write(StaffPrincipal staff, String kind, String purpose, String outcome, int found, Instant now) {
        jdbc.sql("""
                        INSERT INTO staff_lookup (staff_id, at, kind, purpose, outcome, found)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(staff.staffId(), at(now), kind, purpose, outcome, found).update();
    }

    /** Counted on the metric once per account and day it becomes unusual; the report lists it from the log. */
    private void flag(StaffPrincipal staff, String why) {
        flagged.increment();
        audit.record("STAFF_LOOKUPS_FLAGGED", "staff:" + staff.staffId(), why);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
