package org.openvin.scheduling.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.DemoCentre;
import org.openvin.scheduling.NewSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo mode: sessions for the next 14 days at every demo centre, one per vaccine it gives. Ids and
 * capacities derive from centre, date and vaccine, so a restart adds only the days that are new.
 */
@Component
@ConditionalOnProperty(name = "openvin.demo", havingValue = "true")
class DemoSessions {

    private static final Logger log = LoggerFactory.getLogger(DemoSessions.class);
    static final int DAYS = 14;

    private final CountryProfile profile;
    private final PublishingSession publishing;

    DemoSessions(CountryProfile profile, PublishingSession publishing) {
        this.profile = profile;
        this.publishing = publishing;
    }

    @EventListener(ContextRefreshedEvent.class)
    @Order(20)
    void plan() {
        LocalDate today = LocalDate.now(profile.zone());
        int published = 0;
        for (DemoCentre centre : profile.document().demoCentres()) {
            for (int day = 0; day < DAYS; day++) {
                LocalDate date = today.plusDays(day);
                for (String vaccine : centre.vaccines()) {
                    UUID id = UUID.nameUUIDFromBytes(("demo:" + centre.id() + ":" + date + ":" + vaccine)
                            .getBytes(StandardCharsets.UTF_8));
                    int seed = Math.abs(id.hashCode());
                    int minAge = seed % 3 == 0 ? 45 : 18;
                    var session = new NewSession(id, centre.id(), date, vaccine, minAge, null,
                            10 + seed % 60, 5 + (seed / 61) % 40, 0, 5, List.of());
                    if (publishing.publish(session)) {
                        published++;
                    }
                }
            }
        }
        log.info("Demo mode: sessions planned for the next {} days ({} new)", DAYS, published);
    }
}
