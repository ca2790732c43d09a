package org.openvin.stock.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.openvin.platform.AuditTrail;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writes off open vials whose open-vial period is over, so wastage shows up even when no further
 * dose of the lot is given (a dose taken from the lot does the same lazily). Runs every few
 * minutes (`openvin.stock.open-vial-sweep`, default 5 min) and on demand; each vial in its own
 * short transaction under the balance row lock, so several nodes may sweep at once.
 */
@RestController
@RequestMapping("/api/v2/admin/stock/open-vials")
class OpenVialSweep {

    private final Balances balances;
    private final StockAccess access;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final Clock clock;

    OpenVialSweep(Balances balances, StockAccess access, PlatformTransactionManager transactions, AuditTrail audit,
                  Clock clock) {
        this.balances = balances;
        this.access = access;
        this.transactions = new TransactionTemplate(transactions);
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping("/expire")
    Map<String, Object> expireNow() {
        access.admin("STOCK_SWEEP", "open-vials");
        int expired = sweep();
        audit.record("STOCK_SWEEP", "open-vials", expired + " open vial(s) written off");
        return Map.of("expired_vials", expired);
    }

    @Scheduled(fixedDelayString = "${openvin.stock.open-vial-sweep:5m}", initialDelayString = "${openvin.stock.open-vial-sweep:5m}")
    void scheduled() {
        sweep();
    }

    int sweep() {
        Instant now = clock.instant();
        int expired = 0;
        for (long[] place : balances.expiredOpenVials(now)) {
            Boolean done = transactions.execute(status -> balances.lock(place[0], place[1]).map(b -> {
                if (!b.openVialExpired(now)) {
                    return false; // another node or a dose got there first
                }
                balances.expireOpenVial(b, now);
                return true;
            }).orElse(false));
            if (Boolean.TRUE.equals(done)) {
                expired++;
            }
        }
        return expired;
    }
}
