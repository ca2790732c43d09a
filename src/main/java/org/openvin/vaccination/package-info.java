/**
 * Doses given at the point of care: the vaccinator's API (beneficiary search, walk-in
 * registration, recording a dose idempotently), the dose rules checked there, the dose taken from
 * the facility's stock of the lot in the same transaction ({@code stock.StockLedger}), and the
 * {@link org.openvin.vaccination.DoseRecorded} event other modules (certificates, dashboards) react to. Owns the tables {@code vaccination} and {@code vaccination_request}.
 */
package org.openvin.vaccination;
