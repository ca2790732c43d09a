package org.openvin.identity;

import java.util.Optional;

/**
 * Finding a beneficiary by the ID document a person shows at the point of care. The number is
 * compared only through its keyed hash, never stored or logged in clear.
 */
public interface PhotoIdLookup {

    /** @throws org.openvin.platform.ApiException (400) when the type is unknown or the number malformed */
    Optional<Beneficiary> findByPhotoId(int photoIdType, String photoIdNumber);
}
