package org.openvin.stock.internal;

/** Why stock moved: one per ledger row. */
public enum Reason {
    RECEIVED, ADMINISTERED, WASTED_OPEN_VIAL_EXPIRY, WASTED_BROKEN, WASTED_COLD_CHAIN, WASTED_EXPIRED,
    TRANSFERRED_OUT, TRANSFERRED_IN, ADJUSTED
}
