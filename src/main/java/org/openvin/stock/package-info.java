/**
 * Vaccine stock and lot traceability: lots registered nationally (vaccine, lot number,
 * manufacturer, expiry, doses per vial), what each facility holds of them, and a ledger row for
 * every movement — received, administered, wasted (open-vial expiry, broken, cold chain,
 * expired), transferred, adjusted — never an overwritten number. {@link org.openvin.stock.StockLedger}
 * takes the dose when the vaccination module records one, in the same transaction; a recalled
 * lot lists everyone who got it. Owns the tables {@code stock_lot}, {@code stock_balance} and
 * {@code stock_ledger}.
 */
package org.openvin.stock;
