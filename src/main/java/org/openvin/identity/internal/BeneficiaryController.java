package org.openvin.identity.internal;

import org.openvin.identity.CurrentUser;
import org.openvin.platform.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The contract's beneficiary registration and deletion, for the logged-in citizen's account. */
@RestController
@RequestMapping("/api/v2/registration/beneficiary")
class BeneficiaryController {

    private final RegisteringBeneficiary registering;

    BeneficiaryController(RegisteringBeneficiary registering) {
        this.registering = registering;
    }

    record NewBeneficiary(String name, String birth_year, Integer gender_id, Integer photo_id_type,
                          String photo_id_number, String comorbidity_ind, String consent_version) {
    }

    record Created(String beneficiary_reference_id) {
    }

    record Delete(String beneficiary_reference_id) {
    }

    @PostMapping("/new")
    Created register(@RequestBody NewBeneficiary body) {
        var id = registering.register(CurrentUser.citizen().accountId(), new RegisteringBeneficiary.Registration(
                body.name(), body.birth_year(), body.gender_id(), body.photo_id_type(), body.photo_id_number(),
                body.comorbidity_ind(), body.consent_version()));
        return new Created(id.value());
    }

    @PostMapping("/delete")
    ResponseEntity<Void> delete(@RequestBody Delete body) {
        if (body.beneficiary_reference_id() == null) {
            throw ApiException.badRequest("APPOIN0001", "beneficiary_reference_id is required");
        }
        registering.delete(CurrentUser.citizen().accountId(), body.beneficiary_reference_id());
        return ResponseEntity.noContent().build();
    }
}
