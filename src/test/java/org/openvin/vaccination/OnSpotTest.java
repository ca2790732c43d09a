package org.openvin.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The contract's {@code onspots/schedule}: a walk-in's dose, recorded once however often a client retries. */
@OpenVinTest
class OnSpotTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Test
    void anOnSpotDoseIsRecordedOnceAndBackDatingNeedsAnOverride() {
        Api api = new Api(port);
        long centre = PointOfCare.centre(jdbc);
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        Api citizen = Citizens.login(api, Citizens.newMobile());
        String ref = PointOfCare.beneficiary(citizen, "Walk In", "1970");
        Map<String, Object> body = new HashMap<>(Map.of("beneficiary_reference_id", ref, "center_id", centre,
                "vaccine", "COVAXIN", "vaccine_batch", PointOfCare.LOT, "dose", 1, "vaccinator_name", "Nurse Joy"));

        var first = vaccinator.post("/api/v2/vaccinator/onspots/schedule", body);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        var retry = vaccinator.post("/api/v2/vaccinator/onspots/schedule", body);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().get("vaccination_id").asString()).isEqualTo(first.json().get("vaccination_id").asString());
        assertThat(jdbc.sql("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?").param(ref).query(Integer.class).single())
                .isEqualTo(1);

        String other = PointOfCare.beneficiary(citizen, "Late Entry", "1971");
        String lastWeek = LocalDate.now(ZoneId.of("Asia/Kolkata")).minusDays(7).format(DateTimeFormatter.ofPattern("dd-MM-yyyy"));
        var backDated = vaccinator.post("/api/v2/vaccinator/onspots/schedule", Map.of("beneficiary_reference_id", other,
                "center_id", centre, "vaccine", "COVAXIN", "vaccine_batch", PointOfCare.LOT, "dose", 1, "dose1_date", lastWeek));
        assertThat(backDated.status()).isEqualTo(400);
        assertThat(backDated.json().get("errorCode").asString()).isEqualTo("VACCIN0008");

        var noCentre = vaccinator.post("/api/v2/vaccinator/onspots/schedule", Map.of("beneficiary_reference_id", other,
                "vaccine", "COVAXIN", "vaccine_batch", PointOfCare.LOT, "dose", 1));
        assertThat(noCentre.json().get("errorCode").asString()).isEqualTo("VACCIN0022");
        assertThat(citizen.post("/api/v2/vaccinator/onspots/schedule", body).status()).isEqualTo(403);
    }
}
