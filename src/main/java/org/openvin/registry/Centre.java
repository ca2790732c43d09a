package org.openvin.registry;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.Map;

/** A vaccination centre. {@code vaccineFees} maps a vaccine name to its fee for paid centres. */
public record Centre(long id, String name, String address, int stateId, int districtId, String blockName,
                     String pincode, BigDecimal lat, BigDecimal lng, LocalTime opensAt, LocalTime closesAt,
                     String feeType, Map<String, Integer> vaccineFees, boolean active) {

    public boolean isPaid() {
        return "Paid".equals(feeType);
    }

    public int feeFor(String vaccine) {
        return isPaid() && vaccineFees != null ? vaccineFees.getOrDefault(vaccine, 0) : 0;
    }
}
