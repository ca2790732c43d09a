/**
 * Messages to people: SMS today (OTPs, booking confirmations, moves, cancellations). Owns the
 * {@code sms_outbox} table: other modules queue a message with {@link org.openvin.notification.SmsOutbox}
 * in their own transaction, and a dispatcher on every node sends it through the configured
 * {@link org.openvin.notification.SmsGateway} (SMPP, an HTTPS API, the log, or in demo mode the
 * phone readable at {@code GET /api/dev/sms}). Message texts are never logged and are sealed
 * while they wait: they carry OTPs.
 */
package org.openvin.notification;
