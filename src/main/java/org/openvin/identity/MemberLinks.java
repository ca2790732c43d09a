package org.openvin.identity;

import java.util.List;

/**
 * An extension point of the citizen's account page: a module that has something to offer for a
 * family member (the certificate module: "Download certificate"; the AEFI module: "Report a side
 * effect") declares a bean of this type, and the page shows its links under the member. The page
 * itself knows nothing of certificates or side effects.
 */
public interface MemberLinks {

    /** A link under a member: the page it leads to and the message key of its text. */
    record Link(String href, String messageKey) {
    }

    List<Link> linksFor(Beneficiary member);
}
