package org.openvin.scheduling.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.CapacityBucket;
import org.springframework.stereotype.Component;

/**
 * Refuses, before any SQL, a booking of a session this node already knows is full: in a booking
 * storm most attempts are for places already gone, and each would otherwise cost a read and a
 * write that the database then refuses. "Known" means the {@link AvailabilityIndex} says the
 * session's bucket or the slot has fewer free places than asked AND the index is fresh: it holds
 * every change this node committed and every change committed anywhere more than {@link #FRESH}
 * ago (in practice a place freed on another node shows here within milliseconds, through
 * NOTIFY; the bound only matters when the feed is stuck, and then the index stops being trusted).
 *
 * <p>This only ever refuses. Whatever it lets through is decided by the booking's conditional
 * UPDATE, which stays the one guard against overbooking; an index that lags can only refuse a
 * place freed a moment ago, as losing a race to another booker would. Anything it cannot judge
 * from memory alone (a session outside the index's days, a slot not in the session, one already
 * over, a dose the vaccine does not have, an odd beneficiary list) goes to SQL, so those answers
 * are the database path's.
 *
 * <p>"Every change this node committed" counts bookings too, although a booking never frees a
 * place: the index cannot tell them from cancellations, and a place freed here a moment ago must
 * not be refused. So while this node keeps committing bookings the index is one catch-up behind
 * and SQL answers; once the places are gone no more bookings commit, the index is trusted, and the
 * rest of a storm on full sessions is refused from memory.
 *
 * <p>The index finds sessions by centre; a session's centre is remembered from the booking that
 * first read it on this node (a session never moves to another centre), so the first attempt on a
 * session always reaches SQL.
 */
@Component
class KnownFullSessions {

    static final Duration FRESH = Duration.ofSeconds(1);
    private static final int MAX_REMEMBERED = 300_000;

    private final AvailabilityIndex index;
    private final CountryProfile profile;
    private final SlotClock slotClock;
    private final Map<UUID, Long> centres = new ConcurrentHashMap<>();

    KnownFullSessions(AvailabilityIndex index, CountryProfile profile, SlotClock slotClock) {
        this.index = index;
        this.profile = profile;
        this.slotClock = slotClock;
    }

    /** The booking read this session from the database: its centre is where the index keeps it. */
    void remember(UUID session, long centre) {
        if (centres.size() > MAX_REMEMBERED) {
            centres.clear();
        }
        centres.putIfAbsent(session, centre);
    }

    /**
     * The message of the refusal when {@code places} places of this dose in this slot are known to
     * be gone; empty when the database must decide.
     */
    Optional<String> refusal(UUID sessionId, int dose, String slot, List<String> referenceIds) {
        Long centre = centres.get(sessionId);
        if (centre == null || slot == null || referenceIds == null || referenceIds.isEmpty()
                || referenceIds.stream().distinct().count() != referenceIds.size() || !index.freshWithin(FRESH)) {
            return Optional.empty();
        }
        String id = sessionId.toString();
        AvailabilityIndex.Session session = index.sessions(centre).stream()
                .filter(s -> s.id().equals(id)).findFirst().orElse(null);
        if (session == null) {
            return Optional.empty();
        }
        int position = session.slots().indexOf(slot.trim());
        var vaccine = profile.vaccine(session.vaccine()).orElse(null);
        if (position < 0 || position >= session.slotFree().length || vaccine == null || dose < 1
                || dose > vaccine.doses() + 1 || slotClock.ended(session.date(), slot.trim(), slotClock.now())) {
            return Optional.empty();
        }
        int places = referenceIds.size();
        int free = switch (CapacityBucket.of(dose, vaccine)) {
            case DOSE1 -> session.free1();
            case DOSE2 -> session.free2();
            case BOOSTER -> session.free3();
        };
        if (free < places) {
            return Optional.of(BookingAppointment.FULL_MESSAGE);
        }
        if (session.slotFree()[position] < places) {
            return Optional.of(BookingAppointment.SLOT_FULL_MESSAGE);
        }
        return Optional.empty();
    }
}
