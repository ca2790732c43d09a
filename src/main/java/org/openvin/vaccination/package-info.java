/**
 * Doses given at the point of care: the vaccinator's API (beneficiary search, walk-in
 * registration, recording a dose idempotently), the dose rules checked there, the dose taken from
 * the facility's stock of the lot in the same statement ({@code stock.StockLedger}), and the rows
 * other modules write with every dose ({@link org.openvin.vaccination.WrittenWithDose}: certificates,
 * dashboards), told of it as a {@link org.openvin.vaccination.DoseRecorded}. Owns the tables {@code vaccination} and {@code vaccination_request}.
 */
package org.openvin.vaccination;
