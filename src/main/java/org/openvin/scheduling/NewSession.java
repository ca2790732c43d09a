package org.openvin.scheduling;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A session a facility admin publishes: one vaccine at one centre on one day, with capacity per
 * dose and its time slots. {@code slots} may be empty: then the centre's hours are cut into slots.
 */
public record NewSession(UUID id, long centreId, LocalDate date, String vaccine, int minAge, Integer maxAge,
                         int capacityDose1, int capacityDose2, int capacityBooster, int walkInCapacity,
                         List<String> slots) {
}
