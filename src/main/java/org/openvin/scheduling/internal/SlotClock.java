package org.openvin.scheduling.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.Session;
import org.openvin.scheduling.SlotLabels;
import org.springframework.stereotype.Component;

/**
 * Whether a session or one of its slots is over, on the wall clock of the country's time zone: a
 * slot whose end has passed can no longer be booked (at 14:55 the 09:30AM–10:30AM slot is gone),
 * and a session is over once its last slot is. A slot label that names no end time lasts the day.
 */
@Component
class SlotClock {

    static final String SESSION_OVER = "APPOIN0042";
    static final String SLOT_OVER = "APPOIN0047";

    private final Clock clock;
    private final CountryProfile profile;

    SlotClock(Clock clock, CountryProfile profile) {
        this.clock = clock;
        this.profile = profile;
    }

    LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(profile.zone()));
    }

    boolean ended(LocalDate day, String slot, LocalDateTime now) {
        if (!day.equals(now.toLocalDate())) {
            return day.isBefore(now.toLocalDate());
        }
        return SlotLabels.end(slot).map(end -> !end.isAfter(now.toLocalTime())).orElse(false);
    }

    /** Over: a past day, or today with every slot ended. */
    boolean ended(Session session, LocalDateTime now) {
        if (session.slots().isEmpty()) {
            return session.date().isBefore(now.toLocalDate());
        }
        return session.slots().stream().allMatch(slot -> ended(session.date(), slot, now));
    }

    void refuseIfOver(Session session) {
        if (ended(session, now())) {
            throw sessionOver();
        }
    }

    void refuseIfOver(Session session, String slot) {
        if (ended(session.date(), slot, now())) {
            throw ApiException.badRequest(SLOT_OVER, "This time slot has already ended; choose a later slot or another day")
                    .on("slot");
        }
    }

    static ApiException sessionOver() {
        return ApiException.badRequest(SESSION_OVER, "This session is in the past");
    }
}
