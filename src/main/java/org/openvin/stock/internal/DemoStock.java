package org.openvin.stock.internal;

import java.time.Clock;
import java.time.LocalDate;
import org.openvin.platform.AuditTrail;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo mode: one lot per vaccine ({@code DEMO-<VACCINE>}, 10 doses a vial) and 100 vials of it at
 * every demo centre that gives the vaccine, received once through the ledger, so a vaccinator can
 * record doses straight away with {@code vaccine_batch} "DEMO-COVISHIELD" and the like.
 */
@Component
@ConditionalOnProperty(name = "openvin.demo", havingValue = "true")
class DemoStock {

    private static final Logger log = LoggerFactory.getLogger(DemoStock.class);

    private final CountryProfile profile;
    private final JdbcClient jdbc;
    private final Balances balances;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DemoStock(CountryProfile profile, JdbcClient jdbc, Balances balances, PlatformTransactionManager transactions, Clock clock) {
        this.profile = profile;
        this.jdbc = jdbc;
        this.balances = balances;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @EventListener(ContextRefreshedEvent.class)
    @Order(30)
    void stock() {
        LocalDate expiry = LocalDate.now(clock.withZone(profile.zone())).plusYears(1);
        int received = 0;
        for (DemoCentre c : profile.document().demoCentres()) {
            for (String vaccine : c.vaccines() == null ? java.util.List.<String>of() : c.vaccines()) {
                String name = profile.vaccine(vaccine).map(v -> v.name()).orElse(vaccine);
                Integer done = transactions.execute(status -> {
                    long lotId = jdbc.sql("""
                                    INSERT INTO stock_lot (vaccine, lot_number, manufacturer, expires_on, doses_per_vial, registered_by)
                                    VALUES (?, ?, ?, ?, 10, 'system')
                                    ON CONFLICT (vaccine, lot_number) DO UPDATE SET expires_on = GREATEST(stock_lot.expires_on, EXCLUDED.expires_on)
                                    RETURNING id""")
                            .params(name, "DEMO-" + name.toUpperCase(), profile.vaccine(name).map(v -> v.manufacturer()).orElse("Demo"),
                                    expiry)
                            .query(Long.class).single();
                    boolean never = jdbc.sql("SELECT count(*) FROM stock_ledger WHERE centre_id = ? AND lot_id = ?")
                            .params(c.id(), lotId).query(Integer.class).single() == 0;
                    if (!never) {
                        return 0;
                    }
                    var before = balances.lockOrCreate(c.id(), lotId);
                    balances.move(before, before.withSealed(100), Reason.RECEIVED, null, null, "demo stock",
                            AuditTrail.Actor.SYSTEM, clock.instant());
                    return 1;
                });
                received += done == null ? 0 : done;
            }
        }
        log.info("Demo mode: stock of DEMO-<vaccine> lots received at {} centre(s)", received);
    }
}
