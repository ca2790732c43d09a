package org.openvin.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Walk-ins a vaccinator attaches to a mobile number stay out of the number owner's family list and limit. */
@OpenVinTest
class WalkInTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    @Test
    void walkInsOnSomeoneElsesNumberNeitherFillNorShowInTheirFamily() {
        Api api = new Api(port);
        long centre = PointOfCare.centre(jdbc);
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        String mobile = Citizens.newMobile();
        Api owner = Citizens.login(api, mobile);
        String own = PointOfCare.beneficiary(owner, "Owner Self", "1975");

        // More walk-ins on the owner's number than a family may hold (India: 4).
        for (int i = 0; i < 5; i++) {
            var walkIn = new java.util.HashMap<>(PointOfCare.person("Walk In " + (char) ('A' + i), "1990"));
            walkIn.put("mobile_number", mobile);
            var created = vaccinator.post("/api/v2/vaccinator/beneficiaries/new", walkIn);
            assertThat(created.status()).as(created.body()).isEqualTo(200);
        }

        var family = owner.get("/api/v2/appointment/beneficiaries");
        assertThat(family.json().get("beneficiaries")).hasSize(1);
        assertThat(family.json().get("beneficiaries").get(0).get("beneficiary_reference_id").asString()).isEqualTo(own);
        assertThat(family.body()).doesNotContain("Walk In");
        // The owner's own limit is untouched: three more members fit.
        for (int i = 0; i < 3; i++) {
            PointOfCare.beneficiary(owner, "Family " + (char) ('A' + i), "1980");
        }
        var fifth = owner.post("/api/v2/registration/beneficiary/new", PointOfCare.person("One Too Many", "1980"));
        assertThat(fifth.status()).isEqualTo(400);
        assertThat(fifth.json().get("errorCode").asString()).isEqualTo("BENREG0001");

        // The person at the desk is still found by the number they gave.
        var found = vaccinator.post("/api/v2/vaccinator/beneficiaries/findByMobile",
                Map.of("mobile_number", mobile, "purpose", "PERSON_PRESENT"));
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.body()).contains("Walk In A");
        assertThat(jdbc.sql("SELECT count(*) FROM beneficiary WHERE walk_in").query(Integer.class).single()).isEqualTo(5);
    }
}
