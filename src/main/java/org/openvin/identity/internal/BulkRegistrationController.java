package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.platform.ApiException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Bulk import of beneficiaries by national and state administrators (CSV or NDJSON body). */
@RestController
class BulkRegistrationController {

    private final BulkRegistration bulk;

    BulkRegistrationController(BulkRegistration bulk) {
        this.bulk = bulk;
    }

    @PostMapping("/api/v2/admin/beneficiaries/import")
    BulkRegistration.Result importBeneficiaries(HttpServletRequest request) throws IOException {
        Role role = CurrentUser.staff().role();
        if (role != Role.NATIONAL_ADMIN && role != Role.STATE_ADMIN) {
            throw ApiException.forbidden("BULK0002", "Only national and state administrators may import beneficiaries");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8))) {
            return bulk.importLines(reader);
        }
    }
}
