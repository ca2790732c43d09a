package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.scheduling.Fixtures;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What a first user noticed: fees without a currency, a dashboard counter whose label said more
 * than it counted, a day chart without axes showing a lone bar, an API document titled
 * "OpenAPI definition v0".
 */
@OpenVinTest
class SmallThingsTest {

    static final long CENTRE = 883_001;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    @Test
    void theBookingPageShowsTheFeeInTheProfilesCurrency() {
        Fixtures.centre(jdbc, CENTRE, 395, "400080"); // paid, COVISHIELD 780
        UUID session = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVISHIELD", 5, 0, 18, null);
        PageVisitor visitor = new PageVisitor(port);
        visitor.logIn(Citizens.newMobile());

        assertThat(visitor.get("/book?session=" + session).body()).contains("₹780");
        assertThat(visitor.get("/book?session=" + session + "&lang=hi").body()).containsPattern("₹\\s?(780|७८०)");
    }

    @Test
    void theDashboardSaysWhichAppointmentsItCountsAndDrawsThirtyDaysWithAxes() {
        // One day with doses, ten days ago (the aggregate the dose events feed; ReportingTest checks the feeding).
        jdbc.sql("""
                        INSERT INTO dose_aggregate (day, state_id, district_id, age_group, gender, vaccine, dose, completes, doses)
                        VALUES (?, 21, 395, '18-44', 'Female', 'COVISHIELD', 1, false, 7)""")
                .param(Fixtures.today().minusDays(10)).update();
        String page = new Api(port).get("/dashboard").body();

        assertThat(page).contains("Open appointments (booked, not yet given or cancelled)");
        // Doses per day: the table and the chart hold every one of the last 30 days, zeros included.
        Matcher table = Pattern.compile("(?s)<caption[^>]*>Doses per day.*?</tbody>").matcher(page);
        assertThat(table.find()).isTrue();
        assertThat(table.group().split("<tr>").length - 2).isEqualTo(30);
        Matcher chart = Pattern.compile("(?s)<svg class=\"chart\".*?</svg>").matcher(page);
        assertThat(chart.find()).isTrue();
        String svg = chart.group();
        assertThat(svg.split("class=\"bar\"").length - 1).isEqualTo(30);
        assertThat(svg).contains("class=\"axis\"", ">Doses<", ">Day<", ">0<", ">7<", "text-anchor=\"end\"");
        // The day with doses is drawn full height at its own place (the 20th of 30), the others empty.
        assertThat(svg).contains("x=\"231\" y=\"10.0\" height=\"100.0\"");
    }

    @Test
    void theApiDocumentIsTitledOpenVin() {
        JsonNode info = new Api(port).get("/v3/api-docs").json().get("info");

        assertThat(info.get("title").asString()).isEqualTo("OpenVIN API");
        assertThat(info.get("version").asString()).isEqualTo("v2");
        assertThat(info.get("description").asString()).contains("CoWIN");
    }
}
