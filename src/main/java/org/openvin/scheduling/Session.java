package org.openvin.scheduling;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A published session with what is booked of it. */
public record Session(UUID id, long centreId, LocalDate date, String vaccine, int minAge, Integer maxAge, int fee,
                      int capacityDose1, int capacityDose2, int capacityBooster, int bookedDose1, int bookedDose2,
                      int bookedBooster, int walkInCapacity, boolean cancelled, List<String> slots) {

    public int available(int dose) {
        return switch (dose) {
            case 1 -> capacityDose1 - bookedDose1;
            case 2 -> capacityDose2 - bookedDose2;
            default -> capacityBooster - bookedBooster;
        };
    }
}
