package org.openvin.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The append-only audit trail. {@link #record} writes in the caller's transaction, so a change
 * and its audit row commit or vanish together; {@link #refused} writes in a transaction of its
 * own, so a refusal stays on record although the refused change rolls back.
 *
 * <p>A refusal usually comes while the refused request's transaction holds a connection, so its
 * row is written through a {@link SidePool} of its own ({@code openvin.audit.refusal-pool-size}).
 * Taken from the main pool, as a nested transaction, it stalled the node: with as many refusals at
 * once as the pool has connections, every connection was held by a request waiting for a second
 * one (60 refused doses against a pool of 20: no answer within a minute). A refusal's write needs
 * nothing else, so its own pool always drains.
 */
@Component
public class AuditTrail implements DisposableBean {

    private final JdbcClient jdbc;
    private final SidePool refusalPool;
    private final JdbcClient refusals;

    public AuditTrail(JdbcClient jdbc, DataSource dataSource,
                      @Value("${openvin.audit.refusal-pool-size:4}") int refusalPoolSize) throws SQLException {
        this.jdbc = jdbc;
        this.refusalPool = SidePool.beside(dataSource, "refusals", refusalPoolSize, false);
        this.refusals = JdbcClient.create(refusalPool.dataSource());
    }

    @Override
    public void destroy() {
        refusalPool.close();
    }

    /** Who is acting: the holder of the current request's token, or "anonymous". */
    public record Actor(String id, String role) {
        public static final Actor SYSTEM = new Actor("system", "SYSTEM");
    }

    public void record(String action, String subject, String detail) {
        write(currentActor(), action, subject, detail, "OK");
    }

    public void record(Actor actor, String action, String subject, String detail) {
        write(actor, action, subject, detail, "OK");
    }

    /**
     * The row {@link #record} writes, lent to a use case that writes its whole change in one
     * statement: written by that statement if its CTE {@code source} returned a row, so the audit
     * row and the change commit or vanish together there too.
     */
    public StatementPart recordIn(String source, String action, String subject, String detail) {
        if (!action.matches("[A-Z][A-Z_]{0,40}")) {
            throw new IllegalArgumentException("Not an audit action: " + action);
        }
        // Named for the action, so one statement can hold the audit rows of two actions (a dose
        // and its override), and its text stays the same from call to call (prepared once).
        String p = "audit_" + action.toLowerCase(Locale.ROOT) + "_";
        Actor actor = currentActor();
        var params = new HashMap<String, Object>();
        params.put(p + "actor", actor.id());
        params.put(p + "actor_role", actor.role());
        params.put(p + "action", action);
        params.put(p + "subject", subject);
        params.put(p + "detail", detail);
        params.put(p + "client_ip", clientIp());
        return new StatementPart("""
                INSERT INTO audit_event (actor, actor_role, action, subject, detail, client_ip, outcome)
                SELECT :%1$sactor::text, :%1$sactor_role::text, :%1$saction::text, :%1$ssubject::text,
                       :%1$sdetail::text, :%1$sclient_ip::text, 'OK'""".formatted(p) + StatementPart.whenRowIn(source), params);
    }

    /** Written and committed at once, on a connection of its own: it stays when the caller's transaction rolls back. */
    public void refused(String action, String subject, String reason) {
        write(refusals, currentActor(), action, subject, reason, "REFUSED");
    }

    private void write(Actor actor, String action, String subject, String detail, String outcome) {
        write(jdbc, actor, action, subject, detail, outcome);
    }

    private static void write(JdbcClient jdbc, Actor actor, String action, String subject, String detail, String outcome) {
        jdbc.sql("""
                        INSERT INTO audit_event (actor, actor_role, action, subject, detail, client_ip, outcome)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(actor.id(), actor.role(), action, subject, detail, clientIp(), outcome)
                .update();
    }

    public static Actor currentActor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Audited audited) {
            return audited.auditActor();
        }
        return new Actor("anonymous", "ANONYMOUS");
    }

    private static String clientIp() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }

    /** A principal that can say who it is in the audit trail. */
    public interface Audited {
        Actor auditActor();
    }
}
