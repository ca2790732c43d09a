/**
 * Messages to people: SMS today (OTPs, booking confirmations, cancellations). In demo mode the
 * messages land in an outbox readable at {@code GET /api/dev/sms}; otherwise a gateway sends them.
 * Message texts are never logged: they carry OTPs.
 */
package org.openvin.notification;
