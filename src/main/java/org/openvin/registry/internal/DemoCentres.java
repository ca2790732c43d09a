package org.openvin.registry.internal;

import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.DemoCentre;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo mode: the profile's demo centres, created once (the same ids every time), so a newcomer
 * can search and book straight away. Runs before the scheduling module plans their sessions.
 */
@Component
@ConditionalOnProperty(name = "openvin.demo", havingValue = "true")
class DemoCentres {

    private static final Logger log = LoggerFactory.getLogger(DemoCentres.class);
    private static final JsonMapper json = JsonMapper.builder().build();

    private final CountryProfile profile;
    private final JdbcClient jdbc;

    DemoCentres(CountryProfile profile, JdbcClient jdbc) {
        this.profile = profile;
        this.jdbc = jdbc;
    }

    @EventListener(ContextRefreshedEvent.class)
    @Order(10)
    void create() {
        int created = 0;
        for (DemoCentre c : profile.document().demoCentres()) {
            int stateId = profile.district(c.districtId()).orElseThrow().stateId();
            created += jdbc.sql("""
                            INSERT INTO centre (id, name, address, state_id, district_id, block_name, pincode, lat, lng,
                                                opens_at, closes_at, fee_type, vaccine_fees)
                            VALUES (:id, :name, :address, :state, :district, :block, :pincode, :lat, :lng,
                                    :opens::time, :closes::time, :fee_type, :fees::jsonb)
                            ON CONFLICT (id) DO NOTHING""")
                    .param("id", c.id()).param("name", c.name()).param("address", c.address())
                    .param("state", stateId).param("district", c.districtId())
                    .param("block", c.blockName() == null ? "" : c.blockName()).param("pincode", c.pincode())
                    .param("lat", c.lat()).param("lng", c.lng())
                    .param("opens", c.from() == null ? "09:00" : c.from())
                    .param("closes", c.to() == null ? "17:00" : c.to())
                    .param("fee_type", c.feeType())
                    .param("fees", json.writeValueAsString(c.vaccineFees() == null ? java.util.Map.of() : c.vaccineFees()))
                    .update();
        }
        log.info("Demo mode: {} demo centres ({} new)", profile.document().demoCentres().size(), created);
    }
}
