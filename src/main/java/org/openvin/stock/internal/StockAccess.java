package org.openvin.stock.internal;

import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.springframework.stereotype.Component;

/**
 * Who may see and move stock: admins whose scope covers the facility move it; any staff member of
 * the facility (vaccinators too) may read it; national and state admins register and recall lots.
 * Refusals are audited.
 */
@Component
class StockAccess {

    private final Centres centres;
    private final AuditTrail audit;

    StockAccess(Centres centres, AuditTrail audit) {
        this.centres = centres;
        this.audit = audit;
    }

    Centre centre(Long centreId) {
        if (centreId == null) {
            throw ApiException.badRequest("STOCK0006", "center_id is required");
        }
        return centres.find(centreId).orElseThrow(() -> ApiException.notFound("STOCK0009", "No centre with id " + centreId));
    }

    /** The centre, if the current staff member may move its stock. */
    Centre toManage(Long centreId, String action) {
        return check(centre(centreId), action, true);
    }

    /** The centre, if the current staff member may read its stock. */
    Centre toRead(Long centreId, String action) {
        return check(centre(centreId), action, false);
    }

    boolean covers(StaffPrincipal staff, Centre centre) {
        return staff.scope().covers(centre.stateId(), centre.districtId(), centre.id());
    }

    StaffPrincipal lotAdmin(String action, String subject) {
        StaffPrincipal staff = CurrentUser.staff();
        if (staff.role() != Role.NATIONAL_ADMIN && staff.role() != Role.STATE_ADMIN) {
            audit.refused(action, subject, "only national and state admins manage lots");
            throw ApiException.forbidden("STOCK0007", "Only a national or state admin may do this");
        }
        return staff;
    }

    StaffPrincipal admin(String action, String subject) {
        StaffPrincipal staff = CurrentUser.staff();
        if (!staff.role().isAdmin()) {
            audit.refused(action, subject, "not an admin");
            throw ApiException.forbidden("STOCK0007", "Only admins may do this");
        }
        return staff;
    }

    private Centre check(Centre centre, String action, boolean manage) {
        StaffPrincipal staff = CurrentUser.staff();
        if (!covers(staff, centre) || manage && !staff.role().isAdmin()) {
            audit.refused(action, "centre:" + centre.id(), "outside the staff member's role or scope");
            throw ApiException.forbidden("STOCK0007", "You may not " + (manage ? "manage" : "see") + " the stock of this centre");
        }
        return centre;
    }
}
