package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The public availability API against the contract's captured answer, field for field. */
@OpenVinTest
class PublicAvailabilityTest {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    static final long CENTRE = 724109;

    /** The contract's captured calendarByPin answer (cowin-api-v2.md), trimmed as there. */
    static final String CAPTURED = """
            {"centers":[{"center_id":724109,"name":"Hira Mongi Navneet Hospital","address":"Valji Ladha Rd","state_name":"Maharashtra","district_name":"Mumbai","block_name":"Ward T Corporation - MH","pincode":400080,"lat":19,"long":72,"from":"09:30:00","to":"16:00:00","fee_type":"Paid","sessions":[{"session_id":"53483c08-6e78-4fd8-a0a9-99c5b9438842","date":"24-09-2021","available_capacity":71,"min_age_limit":18,"allow_all_age":true,"vaccine":"COVISHIELD","slots":["09:30AM-10:30AM","10:30AM-11:30AM","11:30AM-12:30PM","12:30PM-04:00PM"],"available_capacity_dose1":8,"available_capacity_dose2":63}],"vaccine_fees":[{"vaccine":"COVISHIELD","fee":"780"}]}]}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    @Autowired
    org.openvin.platform.ChangeFeed feed;

    private Api api() {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        // Raw SQL bypasses the use cases that catch the index up at once; the feed would within a second.
        feed.catchUpAfterCommit("availability_change");
        return new Api(port);
    }

    private static String day(int plus) {
        return Fixtures.today().plusDays(plus).format(DAY);
    }

    @Test
    void calendarByPinMatchesTheCapturedAnswerFieldForField() {
        Api api = api();
        Fixtures.session(publishing, CENTRE, Fixtures.today(), "COVISHIELD", 8, 63, 18, null);
        JsonNode ours = api.get("/api/v2/appointment/sessions/public/calendarByPin?pincode=400080&date=" + day(0))
                .json().get("centers").get(0);
        JsonNode theirs = Api.JSON.readTree(CAPTURED).get("centers").get(0);
        assertSameShape(theirs, ours, "centre");
        assertSameShape(theirs.get("sessions").get(0), ours.get("sessions").get(0), "session");
        assertSameShape(theirs.get("vaccine_fees").get(0), ours.get("vaccine_fees").get(0), "fee");
        assertThat(ours.get("pincode").isIntegralNumber()).isTrue();
        assertThat(ours.get("pincode").asLong()).isEqualTo(400080);
        JsonNode session = ours.get("sessions").get(0);
        assertThat(session.get("available_capacity").asInt()).isEqualTo(71);
        assertThat(session.get("available_capacity_dose1").asInt()).isEqualTo(8);
        assertThat(session.get("available_capacity_dose2").asInt()).isEqualTo(63);
        assertThat(session.get("date").asString()).isEqualTo(day(0));
        assertThat(valuesOf(session.get("slots"))).containsExactly("09:30AM-10:30AM", "10:30AM-11:30AM",
                "11:30AM-12:30PM", "12:30PM-04:00PM");
        assertThat(ours.get("from").asString()).isEqualTo("09:30:00");
        assertThat(ours.get("fee_type").asString()).isEqualTo("Paid");
        assertThat(ours.get("vaccine_fees").get(0).get("fee").asString()).isEqualTo("780");
    }

    /** Every field of the captured object is in ours, with the same JSON type. */
    private static void assertSameShape(JsonNode theirs, JsonNode ours, String what) {
        for (String field : theirs.propertyNames()) {
            assertThat(ours.has(field)).as(what + " has " + field).isTrue();
            assertThat(ours.get(field).getNodeType()).as(what + "." + field + " type").isEqualTo(theirs.get(field).getNodeType());
        }
    }

    private static List<String> valuesOf(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    @Test
    void findByOnlyListsSessionsWithPlacesButCalendarsListAll() {
        Api api = api();
        Fixtures.centre(jdbc, CENTRE + 1, 395, "400081");
        UUID open = Fixtures.session(publishing, CENTRE + 1, Fixtures.today().plusDays(1), "COVISHIELD", 5, 0, 18, null);
        UUID full = Fixtures.session(publishing, CENTRE + 1, Fixtures.today().plusDays(1), "COVAXIN", 0, 0, 18, null);
        Fixtures.session(publishing, CENTRE + 1, Fixtures.today().plusDays(8), "COVISHIELD", 5, 0, 18, null);
        JsonNode rows = api.get("/api/v2/appointment/sessions/public/findByPin?pincode=400081&date=" + day(1))
                .json().get("sessions");
        assertThat(rows.valueStream().map(r -> r.get("session_id").asString())).containsExactly(open.toString());
        JsonNode row = rows.get(0);
        for (String field : List.of("center_id", "name", "address", "state_name", "district_name", "block_name", "pincode",
                "from", "to", "lat", "long", "fee_type", "session_id", "date", "available_capacity",
                "available_capacity_dose1", "available_capacity_dose2", "fee", "min_age_limit", "allow_all_age", "vaccine",
                "slots")) {
            assertThat(row.has(field)).as(field).isTrue();
        }
        assertThat(row.get("fee").isString()).isTrue();
        assertThat(row.get("pincode").isIntegralNumber()).isTrue();
        JsonNode byDistrict = api.get("/api/v2/appointment/sessions/public/findByDistrict?district_id=395&date=" + day(1))
                .json().get("sessions");
        assertThat(byDistrict.valueStream().map(r -> r.get("session_id").asString())).contains(open.toString())
                .doesNotContain(full.toString());
        // Another test may have cached this district a moment ago: the answer catches up within seconds.
        JsonNode centre = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> api.get("/api/v2/appointment/sessions/public/calendarByDistrict?district_id=395&date=" + day(0))
                        .json().get("centers").valueStream().filter(c -> c.get("center_id").asLong() == CENTRE + 1)
                        .findFirst().orElse(null), java.util.Objects::nonNull);
        // Seven days from the date asked: the session on day 8 is out, the booked-out one is in.
        assertThat(centre.get("sessions").valueStream().map(s -> s.get("session_id").asString()))
                .containsExactlyInAnyOrder(open.toString(), full.toString());
    }

    @Test
    void aBookingAndItsCancellationShowInTheCachedAnswersWithinFiveSeconds() {
        Api api = api();
        Fixtures.centre(jdbc, CENTRE + 2, 395, "400082");
        UUID session = Fixtures.session(publishing, CENTRE + 2, Fixtures.today().plusDays(3), "COVISHIELD", 1, 0, 18, null);
        String findByPin = "/api/v2/appointment/sessions/public/findByPin?pincode=400082&date=" + day(3);
        String calendar = "/api/v2/appointment/sessions/public/calendarByPin?pincode=400082&date=" + day(3);
        assertThat(api.get(findByPin).json().get("sessions").size()).isEqualTo(1);
        assertThat(capacityIn(api.get(calendar).json())).isEqualTo(1);
        String etag = api.get(calendar).header("ETag");

        var family = Fixtures.family(api, 1, 1985);
        var booked = family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, "09:30AM-10:30AM", family.members().getFirst()));
        assertThat(booked.status()).as(booked.body()).isEqualTo(200);
        await(() -> api.get(findByPin).json().get("sessions").isEmpty() && capacityIn(api.get(calendar).json()) == 0);
        assertThat(api.with("If-None-Match", etag).get(calendar).status()).as("the old ETag no longer matches").isEqualTo(200);

        var cancelled = family.api().post("/api/v2/appointment/cancel",
                java.util.Map.of("appointment_id", booked.json().get("appointment_id").asString()));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(204);
        await(() -> api.get(findByPin).json().get("sessions").size() == 1 && capacityIn(api.get(calendar).json()) == 1);
    }

    /** Waits at most the 5 seconds the issue allows for a change to show in the public answers. */
    private static void await(java.util.concurrent.Callable<Boolean> shown) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(200)).until(shown);
    }

    private static int capacityIn(JsonNode calendar) {
        return calendar.get("centers").get(0).get("sessions").get(0).get("available_capacity_dose1").asInt();
    }

    @Test
    void calendarByCenterIsAnObjectAndEmptyIsAnEmptyObject() {
        Api api = api();
        Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(2), "COVISHIELD", 5, 5, 18, null);
        JsonNode centers = api.get("/api/v2/appointment/sessions/public/calendarByCenter?center_id=" + CENTRE + "&date=" + day(0))
                .json().get("centers");
        assertThat(centers.isObject()).isTrue();
        assertThat(centers.get("center_id").asLong()).isEqualTo(CENTRE);
        JsonNode none = api.get("/api/v2/appointment/sessions/public/calendarByCenter?center_id=1&date=" + day(0))
                .json().get("centers");
        assertThat(none.isObject()).isTrue();
        assertThat(none.isEmpty()).isTrue();
        assertThat(api.get("/api/v2/appointment/sessions/public/findByPin?pincode=110001&date=" + day(0)).body())
                .isEqualTo("{\"sessions\":[]}");
    }

    @Test
    void findByLatLongAnswersStringsForPincodeAndCoordinates() {
        Api api = api();
        JsonNode centers = api.get("/api/v2/appointment/centers/public/findByLatLong?lat=19.17&long=72.95").json();
        assertThat(centers.get("ttl").asInt()).isEqualTo(24);
        JsonNode first = centers.get("centers").get(0);
        assertThat(first.get("center_id").asLong()).isEqualTo(CENTRE);
        assertThat(first.get("pincode").isString()).isTrue();
        assertThat(first.get("lat").isString()).isTrue();
        assertThat(first.get("long").isString()).isTrue();
        assertThat(api.get("/api/v2/appointment/centers/public/findByLatLong?lat=99&long=72").status()).isEqualTo(400);
    }

    @Test
    void answersSayHowFreshTheyAreAndRevalidateWith304() {
        Api api = api();
        var first = api.get("/api/v2/appointment/sessions/public/calendarByDistrict?district_id=395&date=" + day(0));
        assertThat(first.header("Cache-Control")).contains("max-age=2").contains("public");
        assertThat(first.header("ETag")).isNotBlank();
        assertThat(first.header("Last-Modified")).isNotBlank();
        var again = api.with("If-None-Match", first.header("ETag"))
                .get("/api/v2/appointment/sessions/public/calendarByDistrict?district_id=395&date=" + day(0));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.bytes()).isEmpty();
    }

    @Test
    void badParametersGetTheContractsErrors() {
        Api api = api();
        var badPin = api.get("/api/v2/appointment/sessions/public/findByPin?pincode=40008&date=" + day(0));
        assertThat(badPin.status()).isEqualTo(400);
        assertThat(badPin.json().get("errorCode").asString()).isEqualTo("APPOIN0018");
        assertThat(api.get("/api/v2/appointment/sessions/public/calendarByPin?pincode=abcdef&date=" + day(0))
                .json().get("errorCode").asString()).isEqualTo("APPOIN0018");
        var badDate = api.get("/api/v2/appointment/sessions/public/findByPin?pincode=400080&date=2021-09-24");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("errorCode").asString()).isEqualTo("APPOIN0016");
        var noDate = api.get("/api/v2/appointment/sessions/public/findByDistrict?district_id=395");
        assertThat(noDate.status()).isEqualTo(400);
        assertThat(noDate.json().get("errorCode").asString()).isEqualTo("MISSING_PARAMETER");
        var badDistrict = api.get("/api/v2/appointment/sessions/public/findByDistrict?district_id=x&date=" + day(0));
        assertThat(badDistrict.status()).isEqualTo(400);
        assertThat(api.get("/api/v2/appointment/sessions/public/calendarByCenter?center_id=&date=" + day(0)).status())
                .isEqualTo(400);
    }

    @Test
    void browserHeadersAreTolerated() {
        Api api = api().with("Origin", "https://selfregistration.cowin.gov.in").with("Referer", "https://example.org/")
                .with("Sec-Fetch-Mode", "cors").with("User-Agent", "Mozilla/5.0 (Linux; Android 10)").with("Accept-Language", "hi_IN");
        var answer = api.get("/api/v2/appointment/sessions/public/calendarByDistrict?district_id=395&date=" + day(0));
        assertThat(answer.status()).isEqualTo(200);
    }
}
