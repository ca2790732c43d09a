package org.openvin.profile.internal;

import java.time.Duration;
import java.util.List;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CoWIN metadata API: states, districts, photo-ID types and genders, with the {@code *_l}
 * copies in the language asked for by {@code Accept-Language}. Field names are the contract's.
 */
@RestController
@RequestMapping("/api/v2")
class MetadataController {

    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();

    private final CountryProfile profile;

    MetadataController(CountryProfile profile) {
        this.profile = profile;
    }

    record StateView(int state_id, String state_name, String state_name_l) {
    }

    record States(List<StateView> states, int ttl) {
    }

    record DistrictView(int district_id, String district_name, String district_name_l) {
    }

    record Districts(List<DistrictView> districts, int ttl) {
    }

    record IdTypeView(int id, String type, String type_l) {
    }

    record IdTypes(List<IdTypeView> types) {
    }

    record GenderView(int id, String gender, String gender_l) {
    }

    record Genders(List<GenderView> genders) {
    }

    @GetMapping("/admin/location/states")
    ResponseEntity<States> states(@RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        String lang = profile.languageOf(acceptLanguage);
        var states = profile.states().stream()
                .map(s -> new StateView(s.id(), s.name(), localised(s, lang)))
                .toList();
        return ResponseEntity.ok().cacheControl(CACHE).body(new States(states, 24));
    }

    @GetMapping("/admin/location/districts/{state_id}")
    ResponseEntity<Districts> districts(@PathVariable("state_id") int stateId,
                                        @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        if (profile.state(stateId).isEmpty()) {
            throw ApiException.notFound("STATE_NOT_FOUND", "No state with id " + stateId);
        }
        String lang = profile.languageOf(acceptLanguage);
        var districts = profile.districtsOf(stateId).stream()
                .map(d -> new DistrictView(d.id(), d.name(), localised(d, lang)))
                .toList();
        return ResponseEntity.ok().cacheControl(CACHE).body(new Districts(districts, 24));
    }

    @GetMapping("/registration/beneficiary/idTypes")
    ResponseEntity<IdTypes> idTypes(@RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        String lang = profile.languageOf(acceptLanguage);
        var types = profile.idTypes().stream().map(t -> new IdTypeView(t.id(), t.name(), localised(t, lang))).toList();
        return ResponseEntity.ok().cacheControl(CACHE).body(new IdTypes(types));
    }

    @GetMapping("/registration/beneficiary/genders")
    ResponseEntity<Genders> genders(@RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        String lang = profile.languageOf(acceptLanguage);
        var genders = profile.genders().stream().map(g -> new GenderView(g.id(), g.name(), localised(g, lang))).toList();
        return ResponseEntity.ok().cacheControl(CACHE).body(new Genders(genders));
    }

    /** CoWIN served {@code ""} in the {@code *_l} fields when no language was asked for. */
    private static String localised(org.openvin.profile.ProfileDocument.Named named, String lang) {
        return lang == null ? "" : named.name(lang);
    }
}
