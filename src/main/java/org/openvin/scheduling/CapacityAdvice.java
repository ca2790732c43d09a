package org.openvin.scheduling;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A second opinion on the capacity published at a centre on a day — today, whether the stock can
 * cover it. Implemented by the stock module; declared here so scheduling need not depend on it.
 */
public interface CapacityAdvice {

    Optional<String> warningFor(long centreId, LocalDate date);
}
