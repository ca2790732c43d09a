package org.openvin.stock.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.CapacityAdvice;
import org.openvin.scheduling.Session;
import org.openvin.scheduling.Sessions;
import org.openvin.stock.Lot;
import org.openvin.stock.internal.Balances.Balance;
import org.springframework.stereotype.Component;

/**
 * Session capacity against stock: per vaccine, the places published at a facility on a day
 * against the doses it can still use that day (lots neither recalled nor expired by then; open
 * vials only if still inside their open-vial period). Also answers the session publisher.
 */
@Component
class StockCapacity implements CapacityAdvice {

    private final Sessions sessions;
    private final Balances balances;
    private final Lots lots;
    private final CountryProfile profile;
    private final Clock clock;

    StockCapacity(Sessions sessions, Balances balances, Lots lots, CountryProfile profile, Clock clock) {
        this.sessions = sessions;
        this.balances = balances;
        this.lots = lots;
        this.profile = profile;
        this.clock = clock;
    }

    @Override
    public Optional<String> warningFor(long centreId, LocalDate date) {
        return Optional.ofNullable((String) check(centreId, date).get("warning"));
    }

    Map<String, Object> check(long centreId, LocalDate day) {
        Map<String, Integer> capacity = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Session s : sessions.atCentre(centreId, day, day)) {
            if (!s.cancelled()) {
                capacity.merge(s.vaccine(), s.capacityDose1() + s.capacityDose2() + s.capacityBooster(), Integer::sum);
            }
        }
        Instant dayStart = day.atStartOfDay(profile.zone()).toInstant();
        Instant at = dayStart.isAfter(clock.instant()) ? dayStart : clock.instant();
        Map<String, Integer> usable = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Balance b : balances.atCentre(centreId)) {
            Lot lot = lots.find(b.lotId()).orElseThrow();
            if (!lot.recalled() && !lot.expiredOn(day)) {
                usable.merge(lot.vaccine(), b.usableDoses(at), Integer::sum);
            }
        }
        List<Map<String, Object>> vaccines = new ArrayList<>();
        List<String> shortOf = new ArrayList<>();
        capacity.forEach((vaccine, places) -> {
            int doses = usable.getOrDefault(vaccine, 0);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("vaccine", vaccine);
            line.put("published_capacity", places);
            line.put("usable_doses", doses);
            line.put("shortfall", Math.max(0, places - doses));
            vaccines.add(line);
            if (places > doses) {
                shortOf.add(vaccine + ": " + places + " places published, " + doses + " usable doses");
            }
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("center_id", centreId);
        answer.put("date", day.toString());
        answer.put("vaccines", vaccines);
        answer.put("warning", shortOf.isEmpty() ? null : "Published capacity exceeds usable stock — " + String.join("; ", shortOf));
        return answer;
    }
}
