package org.openvin.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@OpenVinTest
class MetadataApiTest {

    @LocalServerPort
    int port;

    @Test
    void statesListsThe37StatesWithCowinIds() {
        var answer = new Api(port).get("/api/v2/admin/location/states");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode states = answer.json().get("states");
        assertThat(states).hasSize(37);
        assertThat(answer.json().get("ttl").asInt()).isEqualTo(24);
        JsonNode first = states.get(0);
        assertThat(first.get("state_id").isInt()).isTrue();
        assertThat(first.get("state_name").asString()).isEqualTo("Andaman and Nicobar Islands");
        assertThat(first.get("state_name_l").asString()).isEmpty();
        assertThat(answer.header("Cache-Control")).contains("max-age");
    }

    @Test
    void maharashtraHas35DistrictsWithCowinIds() {
        var answer = new Api(port).get("/api/v2/admin/location/districts/21");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode districts = answer.json().get("districts");
        assertThat(districts).hasSize(35);
        assertThat(districts.valueStream().map(d -> d.get("district_id").asInt() + ":" + d.get("district_name").asString()))
                .contains("395:Mumbai", "363:Pune", "391:Ahmednagar", "368:Yavatmal", "392:Thane");
    }

    @Test
    void localisedNamesFollowAcceptLanguage() {
        var answer = new Api(port).with("Accept-Language", "hi_IN").get("/api/v2/admin/location/states");
        JsonNode maharashtra = answer.json().get("states").valueStream()
                .filter(s -> s.get("state_id").asInt() == 21).findFirst().orElseThrow();
        assertThat(maharashtra.get("state_name").asString()).isEqualTo("Maharashtra");
        assertThat(maharashtra.get("state_name_l").asString()).isEqualTo("महाराष्ट्र");
        var districts = new Api(port).with("Accept-Language", "hi_IN").get("/api/v2/admin/location/districts/21");
        assertThat(districts.json().get("districts").get(0).get("district_name_l").asString()).isNotBlank();
    }

    @Test
    void idTypesAndGendersFollowTheContract() {
        Api api = new Api(port);
        JsonNode types = api.get("/api/v2/registration/beneficiary/idTypes").json().get("types");
        assertThat(types).hasSize(13);
        assertThat(types.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(types.get(0).get("type").asString()).isEqualTo("Aadhaar Card");
        JsonNode genders = api.with("Accept-Language", "hi_IN").get("/api/v2/registration/beneficiary/genders")
                .json().get("genders");
        assertThat(genders).hasSize(3);
        assertThat(genders.get(0).get("gender").asString()).isEqualTo("Male");
        assertThat(genders.get(0).get("gender_l").asString()).isNotBlank();
    }

    @Test
    void anUnknownStateIs404WithAnErrorCode() {
        var answer = new Api(port).get("/api/v2/admin/location/districts/999");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("errorCode").asString()).isEqualTo("STATE_NOT_FOUND");
    }

    @Test
    void aNonNumericStateIs400WithAnErrorCode() {
        var answer = new Api(port).get("/api/v2/admin/location/districts/abc");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errorCode").asString()).isEqualTo("INVALID_PARAMETER");
        assertThat(answer.body()).doesNotContain("Exception");
    }
}
