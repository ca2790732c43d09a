/**
 * The wire formats a vaccination certificate travels in: EU DCC ("HC1:"), SMART Health Cards
 * ("shc:/"), W3C Verifiable Credentials (CoWIN/DIVOC shape) and the QR codes that carry them.
 * Pure Java with no Spring wiring, so each codec can be tested against other implementations'
 * published vectors without a running application.
 */
package org.openvin.certificate.codec;
