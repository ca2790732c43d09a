package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Year;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.identity.internal.TestAadhaar;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@OpenVinTest
class BeneficiaryRegistrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static Map<String, Object> person(String name, String aadhaar) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("birth_year", "1980");
        body.put("gender_id", 1);
        body.put("photo_id_type", 1);
        body.put("photo_id_number", aadhaar);
        body.put("comorbidity_ind", "N");
        body.put("consent_version", "V1");
        return body;
    }

    private int beneficiaryRows() {
        return jdbc.sql("SELECT count(*) FROM beneficiary").query(Integer.class).single();
    }

    @Test
    void registersAndListsWithMaskedIdAndMobile() {
        String mobile = Citizens.newMobile();
        Api citizen = Citizens.login(new Api(port), mobile);
        String aadhaar = TestAadhaar.next();
        var created = citizen.post("/api/v2/registration/beneficiary/new", person("Asha Devi", aadhaar));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String ref = created.json().get("beneficiary_reference_id").asString();
        assertThat(ref).matches("[0-9]{14}");
        assertThat(jdbc.sql("SELECT actor_role FROM audit_event WHERE action = 'BENEFICIARY_REGISTER' AND subject = ?")
                .param("beneficiary:" + ref).query(String.class).list()).as("audited once, as the citizen").containsExactly("CITIZEN");

        JsonNode list = citizen.get("/api/v2/appointment/beneficiaries").json().get("beneficiaries");
        assertThat(list).hasSize(1);
        JsonNode b = list.get(0);
        assertThat(b.get("beneficiary_reference_id").asString()).isEqualTo(ref);
        assertThat(b.get("name").asString()).isEqualTo("Asha Devi");
        assertThat(b.get("birth_year").asString()).isEqualTo("1980");
        assertThat(b.get("gender").asString()).isEqualTo("Male");
        assertThat(b.get("photo_id_type").asString()).isEqualTo("Aadhaar Card");
        assertThat(b.get("photo_id_number").asString()).isEqualTo("XXXXXXXX" + aadhaar.substring(8));
        assertThat(b.get("mobile_number").asString()).isEqualTo("XXXXXX" + mobile.substring(6));
        assertThat(b.get("vaccination_status").asString()).isEqualTo("Not Vaccinated");
        assertThat(b.get("appointments").isArray()).isTrue();
        assertThat(citizen.get("/api/v2/appointment/beneficiaries").body()).doesNotContain(aadhaar).doesNotContain(mobile);
    }

    @Test
    void aFifthBeneficiaryOnAnIndiaAccountIsRefused() {
        Api citizen = Citizens.login(new Api(port), Citizens.newMobile());
        for (int i = 0; i < 4; i++) {
            assertThat(citizen.post("/api/v2/registration/beneficiary/new", person("Member " + "ABCD".charAt(i),
                    TestAadhaar.next())).status()).isEqualTo(200);
        }
        int before = beneficiaryRows();
        var fifth = citizen.post("/api/v2/registration/beneficiary/new", person("Member E", TestAadhaar.next()));
        assertThat(fifth.status()).isEqualTo(400);
        assertThat(fifth.json().get("errorCode").asString()).isEqualTo("BENREG0001");
        assertThat(beneficiaryRows()).isEqualTo(before);
    }

    @Test
    void invalidRegistrationsAreRefusedAndNothingIsStored() {
        Api citizen = Citizens.login(new Api(port), Citizens.newMobile());
        int before = beneficiaryRows();
        var badChecksum = person("Ravi", TestAadhaar.withBadChecksum(TestAadhaar.next()));
        assertRefused(citizen, badChecksum, 400, "BENREG0011");
        var badGender = person("Ravi", TestAadhaar.next());
        badGender.put("gender_id", 9);
        assertRefused(citizen, badGender, 400, "BENREG0004");
        var future = person("Ravi", TestAadhaar.next());
        future.put("birth_year", String.valueOf(Year.now().getValue() + 1));
        assertRefused(citizen, future, 400, "BENREG0005");
        var ancient = person("Ravi", TestAadhaar.next());
        ancient.put("birth_year", "1800");
        assertRefused(citizen, ancient, 400, "BENREG0005");
        var notAYear = person("Ravi", TestAadhaar.next());
        notAYear.put("birth_year", "nineteen");
        assertRefused(citizen, notAYear, 400, "BENREG0005");
        var badType = person("Ravi", TestAadhaar.next());
        badType.put("photo_id_type", 99);
        assertRefused(citizen, badType, 400, "BENREG0007");
        var badPan = person("Ravi", "12345");
        badPan.put("photo_id_type", 6);
        assertRefused(citizen, badPan, 400, "BENREG0002");
        var noName = person("  ", TestAadhaar.next());
        assertRefused(citizen, noName, 400, "BENREG0006");
        var shortAadhaar = person("Ravi", "23456789");
        assertRefused(citizen, shortAadhaar, 400, "BENREG0002");
        assertThat(citizen.post("/api/v2/registration/beneficiary/new", "not json").status()).isEqualTo(400);
        assertThat(beneficiaryRows()).isEqualTo(before);
    }

    @Test
    void theSameAadhaarFromASecondMobileIsADuplicate() {
        String aadhaar = TestAadhaar.next();
        Api first = Citizens.login(new Api(port), Citizens.newMobile());
        assertThat(first.post("/api/v2/registration/beneficiary/new", person("Meena", aadhaar)).status()).isEqualTo(200);
        Api second = Citizens.login(new Api(port), Citizens.newMobile());
        int before = beneficiaryRows();
        // Spaces as printed on the card do not make it a different number.
        String spaced = aadhaar.substring(0, 4) + " " + aadhaar.substring(4, 8) + " " + aadhaar.substring(8);
        var duplicate = second.post("/api/v2/registration/beneficiary/new", person("Meena K", spaced));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("errorCode").asString()).isEqualTo("BENREG0003");
        assertThat(beneficiaryRows()).isEqualTo(before);
    }

    @Test
    void deletingFreesTheIdAndUnknownIdsAre404() {
        Api citizen = Citizens.login(new Api(port), Citizens.newMobile());
        String aadhaar = TestAadhaar.next();
        String ref = citizen.post("/api/v2/registration/beneficiary/new", person("Kiran", aadhaar)).json()
                .get("beneficiary_reference_id").asString();
        Api other = Citizens.login(new Api(port), Citizens.newMobile());
        assertThat(other.post("/api/v2/registration/beneficiary/delete", Map.of("beneficiary_reference_id", ref)).status())
                .isEqualTo(404);
        assertThat(citizen.post("/api/v2/registration/beneficiary/delete", Map.of("beneficiary_reference_id", ref)).status())
                .isEqualTo(204);
        assertThat(citizen.get("/api/v2/appointment/beneficiaries").json().get("beneficiaries")).isEmpty();
        assertThat(citizen.post("/api/v2/registration/beneficiary/new", person("Kiran", aadhaar)).status()).isEqualTo(200);
        var bad = citizen.post("/api/v2/registration/beneficiary/delete", Map.of("beneficiary_reference_id", "abc"));
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void aBeneficiaryWithARecordedDoseCannotBeDeleted() {
        Api citizen = Citizens.login(new Api(port), Citizens.newMobile());
        String ref = citizen.post("/api/v2/registration/beneficiary/new", person("Lata", TestAadhaar.next())).json()
                .get("beneficiary_reference_id").asString();
        jdbc.sql("UPDATE beneficiary SET doses_received = 1, vaccination_status = 'Partially Vaccinated' WHERE reference_id = ?")
                .param(ref).update();
        var refused = citizen.post("/api/v2/registration/beneficiary/delete", Map.of("beneficiary_reference_id", ref));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("errorCode").asString()).isEqualTo("BENREG0008");
    }

    private static void assertRefused(Api citizen, Map<String, Object> body, int status, String code) {
        var answer = citizen.post("/api/v2/registration/beneficiary/new", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("errorCode").asString()).isEqualTo(code);
    }
}
