/**
 * The plumbing every capability shares: the API error shape, security wiring, the embedded
 * PostgreSQL, the audit trail. It holds no business rule.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.openvin.platform;
