package org.openvin.vaccination;

import org.openvin.platform.StatementPart;

/**
 * A row another module writes with every dose, in the dose's own statement (a certificate to
 * issue, a dose to count on the dashboards): the module lends its SQL as a bean of this type and
 * vaccination never names it. The row commits or rolls back with the dose, so each dose has it
 * exactly once, whatever crashes.
 */
public interface WrittenWithDose {

    /** The part, to be written once the recording's CTE {@code source} returned the dose's row. */
    StatementPart writeIn(String source, DoseRecorded dose);
}
