package org.openvin.stock;

import java.time.Instant;
import java.time.LocalDate;

/** A vaccine lot as registered nationally; {@code recalledAt} is set once the lot may no longer be used. */
public record Lot(long id, String vaccine, String lotNumber, String manufacturer, LocalDate expiresOn, int dosesPerVial,
                  Instant recalledAt, String recallReason) {

    public boolean recalled() {
        return recalledAt != null;
    }

    /** A lot is usable up to and including its expiry date. */
    public boolean expiredOn(LocalDate date) {
        return date.isAfter(expiresOn);
    }
}
