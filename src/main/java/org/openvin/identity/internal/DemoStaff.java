package org.openvin.identity.internal;

import java.util.ArrayList;
import java.util.List;
import org.openvin.identity.FacilityLocator;
import org.openvin.identity.Role;
import org.openvin.profile.CountryProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Demo mode: one staff account per role, scoped to the first demo centre and its district and
 * state, with well-known passwords printed at start-up. Never active outside demo mode.
 */
@Component
@ConditionalOnProperty(name = "openvin.demo", havingValue = "true")
class DemoStaff {

    private static final Logger log = LoggerFactory.getLogger(DemoStaff.class);
    static final String PASSWORD = "openvin-demo";

    record Account(String username, Role role, Integer state, Integer district, Long centre) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final CountryProfile profile;
    private final FacilityLocator facilities;
    private final List<Account> accounts = new ArrayList<>();

    DemoStaff(JdbcClient jdbc, PasswordEncoder passwords, CountryProfile profile, FacilityLocator facilities) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.profile = profile;
        this.facilities = facilities;
    }

    @EventListener(ContextRefreshedEvent.class)
    @Order(30)
    void create() {
        var centre = facilities.locate(profile.document().demoCentres().getFirst().id()).orElseThrow();
        accounts.add(new Account("national.admin", Role.NATIONAL_ADMIN, null, null, null));
        accounts.add(new Account("state.admin", Role.STATE_ADMIN, centre.stateId(), null, null));
        accounts.add(new Account("district.admin", Role.DISTRICT_ADMIN, centre.stateId(), centre.districtId(), null));
        accounts.add(new Account("facility.admin", Role.FACILITY_ADMIN, centre.stateId(), centre.districtId(), centre.centreId()));
        accounts.add(new Account("vaccinator", Role.VACCINATOR, centre.stateId(), centre.districtId(), centre.centreId()));
        String hash = passwords.encode(PASSWORD);
        for (Account a : accounts) {
            jdbc.sql("""
                            INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING""")
                    .params(a.username(), hash, "Demo " + a.role().name().toLowerCase().replace('_', ' '), a.role().name(),
                            a.state(), a.district(), a.centre())
                    .update();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void print() {
        StringBuilder text = new StringBuilder("\n  Demo staff accounts (password for all: " + PASSWORD + "):\n");
        for (Account a : accounts) {
            text.append(String.format("    %-16s %-15s %s%n", a.username(), a.role(),
                    a.centre() != null ? "centre " + a.centre() : a.district() != null ? "district " + a.district()
                            : a.state() != null ? "state " + a.state() : "whole country"));
        }
        text.append("  Citizen OTPs: GET /api/dev/sms?mobile=<number>\n");
        log.info(text.toString());
    }
}
