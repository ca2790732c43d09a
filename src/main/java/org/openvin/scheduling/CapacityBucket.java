package org.openvin.scheduling;

import org.openvin.profile.ProfileDocument.Vaccine;

/** Which part of a session's capacity a dose takes: dose 1, a later primary dose, or the precaution dose. */
public enum CapacityBucket {
    DOSE1("booked_dose1", "capacity_dose1"),
    DOSE2("booked_dose2", "capacity_dose2"),
    BOOSTER("booked_booster", "capacity_booster");

    final String bookedColumn;
    final String capacityColumn;

    CapacityBucket(String bookedColumn, String capacityColumn) {
        this.bookedColumn = bookedColumn;
        this.capacityColumn = capacityColumn;
    }

    public static CapacityBucket of(int dose, Vaccine vaccine) {
        if (dose > vaccine.doses()) {
            return BOOSTER;
        }
        return dose == 1 ? DOSE1 : DOSE2;
    }

    public String bookedColumn() {
        return bookedColumn;
    }

    public String capacityColumn() {
        return capacityColumn;
    }
}
