/**
 * Vaccination certificates: issued for every recorded dose (queued in the dose's own statement through
 * {@code vaccination.WrittenWithDose}, issued in batches by each node's issuers) in the formats the country profile lists, signed with keys the
 * country controls, published (JWKS, DSC list, revocation lists), downloadable as PDF with the QR,
 * verifiable by anyone, corrected and revoked. Owns the tables {@code certificate} and {@code certificate_queue} and the key
 * files under {@code <openvin.keys.dir>/certificates}. The wire formats live in {@code codec}.
 */
package org.openvin.certificate;
