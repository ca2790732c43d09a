package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The citizen's search: live (a booking shows at once), with the optional vaccine filter. */
@OpenVinTest
class ProtectedSearchTest {

    static final long CENTRE = 830001;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    @Test
    void searchIsLiveAndFiltersByVaccine() {
        Fixtures.centre(jdbc, CENTRE, 395, "400082");
        UUID covishield = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVISHIELD", 1, 0, 18, null);
        UUID covaxin = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVAXIN", 5, 0, 18, null);
        String day = Fixtures.today().plusDays(1).format(DateTimeFormatter.ofPattern("dd-MM-yyyy"));
        var family = Fixtures.family(new Api(port), 1, 1980);
        Api citizen = family.api();

        var filtered = citizen.get("/api/v2/appointment/sessions/findByPin?pincode=400082&date=" + day + "&vaccine=covaxin")
                .json().get("sessions");
        assertThat(filtered.valueStream().map(s -> s.get("session_id").asString())).containsExactly(covaxin.toString());

        assertThat(citizen.post("/api/v2/appointment/schedule",
                Fixtures.booking(1, covishield, "09:30AM-10:30AM", family.members().getFirst())).status()).isEqualTo(200);
        // No cache here: the booked-out session disappears from findBy at once, stays in the calendar.
        var live = citizen.get("/api/v2/appointment/sessions/findByDistrict?district_id=395&date=" + day).json().get("sessions");
        assertThat(live.valueStream().map(s -> s.get("session_id").asString()))
                .contains(covaxin.toString()).doesNotContain(covishield.toString());
        var calendar = citizen.get("/api/v2/appointment/sessions/calendarByPin?pincode=400082&date=" + day).json().get("centers");
        assertThat(calendar.get(0).get("sessions")).hasSize(2);

        assertThat(citizen.get("/api/v2/appointment/sessions/findByPin?pincode=400082&date=" + day + "&vaccine=NOPE")
                .json().get("errorCode").asString()).isEqualTo("APPOIN0017");
        assertThat(new Api(port).get("/api/v2/appointment/sessions/findByPin?pincode=400082&date=" + day).status())
                .isEqualTo(401);
        Api staffless = Citizens.login(new Api(port), Citizens.newMobile());
        assertThat(staffless.get("/api/v2/appointment/sessions/calendarByDistrict?district_id=395&date=bad").status())
                .isEqualTo(400);
    }
}
