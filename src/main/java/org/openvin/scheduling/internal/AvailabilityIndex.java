package org.openvin.scheduling.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.openvin.platform.ChangeFeed;
import org.openvin.profile.CountryProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every open session of the bookable horizon (yesterday to {@code openvin.availability.horizon-days}
 * ahead) with its centre, in this node's memory, so that availability answers cost a map lookup.
 * It is kept current from the table {@code availability_change}: triggers on
 * {@code vaccination_session} and {@code centre} add a row in the same transaction as the change;
 * the use case that made it announces {@value #CHANNEL} after commit ({@link #changedHere}), and
 * the platform's {@link ChangeFeed} then calls {@link #catchUp} on every node (and twice a second
 * regardless, for changes nobody announced: a centre edited, SQL by hand), which
 * reads the rows not applied yet and reloads the sessions and centres they name by id (so applying
 * a change twice is harmless, and the order of applying only matters per row, which is by seq).
 *
 * <p><b>Sequence gaps.</b> A {@code bigserial} is taken when a row is inserted, not when its
 * transaction commits: seq 11 can be visible while 10 is still uncommitted (or rolled back, never
 * to appear). A catch-up therefore remembers every seq it jumped over as a gap and asks for it
 * again ({@code seq > applied OR seq = ANY(gaps)}) until it shows or {@value #GAP_SECONDS} s have
 * passed (a transaction that held a change longer than that would have to be a very slow booking;
 * the daily reload mends even that). This was chosen over {@code pg_snapshot_xmin} bookkeeping
 * because it needs nothing but the sequence, and over re-reading a fixed window because it never
 * reloads a session twice for nothing.
 *
 * <p>If the table was emptied (tests TRUNCATE it, restarting the sequence) or rows a node never
 * applied were already pruned, the node reloads everything (10,000 centres × 14 days: 35 MB of
 * heap; the load took 10-20 s on the shared 2-core test machine under heavy load). When the day
 * rolls over it moves the horizon: drops the day that left, reads the day that entered. Answers over days outside the horizon (the past, far ahead) are not
 * in memory and are asked of SQL by {@link AvailabilitySearch}, as before.
 */
@Component
class AvailabilityIndex {

    static final String CHANNEL = "availability_change";
    private static final int GAP_SECONDS = 60;
    private static final int BULK = 5_000;
    private static final Logger log = LoggerFactory.getLogger(AvailabilityIndex.class);

    record Centre(long id, String name, String address, int stateId, int districtId, String block, String pincode,
                  BigDecimal lat, BigDecimal lng, LocalTime opens, LocalTime closes, String feeType, String fees,
                  boolean active, int rank) {
    }

    /** A session as the answers show it; free places are capacity less booked, per bucket and per slot. */
    record Session(String id, long centreId, LocalDate date, String vaccine, int minAge, Integer maxAge, int fee,
                   int free1, int free2, int free3, int boosterCapacity, List<String> slots, int[] slotFree) {
    }

    /** What the index holds at one moment; replaced whole by a reload, changed in place by a catch-up. */
    private static final class State {
        final LocalDate from;
        final LocalDate to;
        final long baseVersion;
        final Map<Long, Centre> centres = new ConcurrentHashMap<>();
        final Map<Long, List<Session>> sessions = new ConcurrentHashMap<>();
        final Map<Integer, long[]> byDistrict = new ConcurrentHashMap<>();
        final Map<String, long[]> byPincode = new ConcurrentHashMap<>();
        final Map<String, Long> versions = new ConcurrentHashMap<>();
        volatile long centresVersion;

        State(LocalDate from, LocalDate to, long baseVersion) {
            this.from = from;
            this.to = to;
            this.baseVersion = baseVersion;
            this.centresVersion = baseVersion;
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CountryProfile profile;
    private final int horizonDays;
    private final ChangeFeed feed;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong requested = new AtomicLong();
    private volatile long completed;
    private final AtomicLong localWrites = new AtomicLong();
    private final AtomicLong localDone = new AtomicLong();
    private volatile State state;
    private volatile long applied;
    private volatile Instant appliedAt = Instant.EPOCH;
    /** System.nanoTime() at the start of the last catch-up pass that completed: every change committed before is applied. */
    private volatile long passStartedNanos = System.nanoTime() - 86_400_000_000_000L;
    private final Map<Long, Long> gaps = new HashMap<>();
    private final Map<List<String>, List<String>> slotLists = new ConcurrentHashMap<>();

    AvailabilityIndex(JdbcClient jdbc, Clock clock, CountryProfile profile, ChangeFeed feed, MeterRegistry meters,
                      @Value("${openvin.availability.horizon-days:14}") int horizonDays) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.profile = profile;
        this.horizonDays = horizonDays;
        this.feed = feed;
        feed.subscribe(CHANNEL, this::catchUp);
        Gauge.builder("openvin.availability.index.entries", this, AvailabilityIndex::entries)
                .description("centres and sessions in the availability index").register(meters);
        Gauge.builder("openvin.availability.index.bytes", this, AvailabilityIndex::approximateBytes)
                .description("approximate heap held by the availability index").baseUnit("bytes").register(meters);
    }

    // ---- reading ----

    /** The state, loaded on first use. */
    private State state() {
        State s = state;
        if (s == null) {
            catchUp();
            s = state;
        }
        return s;
    }

    /** Whether the days asked are all in memory (not before the first load: SQL answers until then). */
    boolean covers(LocalDate from, LocalDate to) {
        State s = state;
        return s != null && !from.isBefore(s.from) && !to.isAfter(s.to);
    }

    long appliedSeq() {
        return applied;
    }

    Instant appliedAt() {
        return appliedAt;
    }

    /**
     * Whether the index is loaded, holds every change committed anywhere more than {@code within}
     * ago (a catch-up pass started no longer ago than that and completed) and every change this
     * node committed (none waits for its catch-up). Lets a caller trust an answer of "full"
     * without asking SQL; the feed's tick keeps an idle index within about a second.
     */
    boolean freshWithin(java.time.Duration within) {
        return state != null && localDone.get() >= localWrites.get()
                && System.nanoTime() - passStartedNanos <= within.toNanos();
    }

    /** The version of what answers about a place show: the seq of the last change applied to it. */
    long version(AvailabilitySearch.Where where, Object key) {
        State s = state();
        Long v = s.versions.get(versionKey(where, key));
        return Math.max(s.baseVersion, v == null ? 0 : v);
    }

    long centresVersion() {
        return state().centresVersion;
    }

    private static String versionKey(AvailabilitySearch.Where where, Object key) {
        return where.name().charAt(0) + ":" + key;
    }

    /** Centres of a place that are open, in the order SQL gives ({@code ORDER BY name, id}). */
    List<Centre> centres(AvailabilitySearch.Where where, Object key) {
        State s = state();
        long[] ids = switch (where) {
            case DISTRICT -> s.byDistrict.get(((Number) key).intValue());
            case PINCODE -> s.byPincode.get((String) key);
            case CENTRE -> new long[] {((Number) key).longValue()};
        };
        if (ids == null) {
            return List.of();
        }
        List<Centre> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            Centre c = s.centres.get(id);
            if (c != null && c.active()) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingInt(Centre::rank));
        return out;
    }

    List<Session> sessions(long centreId) {
        return state().sessions.getOrDefault(centreId, List.of());
    }

    Collection<Centre> allCentres() {
        return state().centres.values();
    }

    // ---- keeping current ----

    /**
     * Applies every change not applied yet. Callers that arrive while another thread is catching
     * up wait for it and then return if its pass started after they asked (one query serves many
     * bookings committed at once).
     */
    void catchUp() {
        long ticket = requested.incrementAndGet();
        lock.lock();
        long localUpTo = localWrites.get();
        try {
            if (completed >= ticket) {
                return;
            }
            long upTo = requested.get();
            long started = System.nanoTime();
            try {
                catchUpLocked();
                passStartedNanos = started;
            } finally {
                completed = upTo;
            }
        } finally {
            synchronized (localDone) {
                localDone.accumulateAndGet(localUpTo, Math::max);
                localDone.notifyAll();
            }
            lock.unlock();
        }
    }

    /**
     * A use case of this node changed availability: once its transaction commits, a catch-up
     * runs on a thread of its own (the writer's thread still holds its pooled connection then, and
     * asking for a second one under a booking storm would drain the pool), and reads on this node
     * wait for it ({@link #awaitOwnWrites}): a citizen sees their booking in the next answer.
     */
    void changedHere() {
        feed.announceAfterCommit(CHANNEL);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    catchUpSoon();
                }
            });
        } else {
            catchUpSoon();
        }
    }

    private void catchUpSoon() {
        localWrites.incrementAndGet();
        Thread.ofVirtual().name("availability-catch-up").start(() -> {
            try {
                catchUp();
            } catch (RuntimeException e) {
                log.warn("Catching up after a local change failed; the feed retries: {}", e.toString());
            }
        });
    }

    /** Waits (at most a second) until every change committed on this node so far is applied. */
    void awaitOwnWrites() {
        long target = localWrites.get();
        if (localDone.get() >= target) {
            return;
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        synchronized (localDone) {
            while (localDone.get() < target) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                try {
                    localDone.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void catchUpLocked() {
        LocalDate today = LocalDate.now(clock.withZone(profile.zone()));
        State s = state;
        var bounds = jdbc.sql("SELECT coalesce(min(seq), 0) AS low, coalesce(max(seq), 0) AS high FROM availability_change")
                .query((rs, n) -> new long[] {rs.getLong("low"), rs.getLong("high")}).single();
        if (s == null || bounds[1] < applied || bounds[0] > applied + 1 && applied > 0) {
            reload(today);
            return;
        }
        if (!s.from.equals(today.minusDays(1))) {
            s = moveHorizon(s, today);
        }
        List<Change> changes = jdbc.sql("""
                        SELECT seq, session_id, centre_id, at FROM availability_change
                        WHERE seq > :applied OR seq = ANY(:gaps) ORDER BY seq""")
                .param("applied", applied).param("gaps", gaps.keySet().toArray(Long[]::new))
                .query((rs, n) -> new Change(rs.getLong("seq"), rs.getObject("session_id", UUID.class),
                        (Long) rs.getObject("centre_id"), rs.getTimestamp("at").toInstant()))
                .list();
        long now = System.nanoTime();
        gaps.values().removeIf(seen -> now - seen > GAP_SECONDS * 1_000_000_000L);
        if (changes.isEmpty()) {
            return;
        }
        boolean everything = false;
        Set<Long> centreIds = new HashSet<>();
        Map<UUID, Long> sessionIds = new LinkedHashMap<>();  // session -> its centre
        long high = applied;
        Instant at = appliedAt;
        for (Change c : changes) {
            gaps.remove(c.seq());
            if (c.seq() > high) {
                for (long missing = high + 1; missing < c.seq() && c.seq() - high < 10_000; missing++) {
                    gaps.put(missing, now);
                }
                high = c.seq();
            }
            at = c.at().isAfter(at) ? c.at() : at;
            if (c.sessionId() == null && c.centreId() == null) {
                everything = true;
            } else if (c.sessionId() == null) {
                centreIds.add(c.centreId());
            } else {
                sessionIds.put(c.sessionId(), c.centreId());
            }
        }
        if (everything || sessionIds.size() > BULK) {
            // A bulk load (or a table emptied): reading everything is cheaper than by id.
            reload(today);
            return;
        }
        if (!centreIds.isEmpty()) {
            reloadCentres(s, centreIds, high);
        }
        if (!sessionIds.isEmpty()) {
            reloadSessions(s, sessionIds, high);
        }
        applied = high;
        appliedAt = at;
    }

    private record Change(long seq, UUID sessionId, Long centreId, Instant at) {
    }

    private static final String CENTRES = """
            SELECT id, name, address, state_id, district_id, block_name, pincode, lat, lng, opens_at, closes_at,
                   fee_type, vaccine_fees::text AS vaccine_fees, active,
                   row_number() OVER (ORDER BY name, id) AS rank
            FROM centre""";

    /** Sessions of the horizon with their slots' free places (by the slot table's primary key). */
    private static final String SESSIONS = """
            SELECT s.id, s.centre_id, s.session_date, s.vaccine, s.min_age, s.max_age, s.fee,
                   s.capacity_dose1 - s.booked_dose1 AS free1, s.capacity_dose2 - s.booked_dose2 AS free2,
                   s.capacity_booster - s.booked_booster AS free3, s.capacity_booster, s.slot_labels,
                   (SELECT array_agg(sl.capacity - sl.booked ORDER BY sl.position) FROM session_slot sl
                    WHERE sl.session_id = s.id) AS slot_free
            FROM vaccination_session s
            WHERE NOT s.cancelled AND s.session_date BETWEEN :from AND :to %s""";

    /** Everything, from scratch: start-up, a new day, a table emptied. Readers keep the old state until the swap. */
    private void reload(LocalDate today) {
        long started = System.nanoTime();
        long high = jdbc.sql("SELECT coalesce(max(seq), 0) FROM availability_change").query(Long.class).single();
        State s = new State(today.minusDays(1), today.plusDays(horizonDays), high);
        jdbc.sql(CENTRES).query((rs, n) -> centre(rs)).list().forEach(c -> s.centres.put(c.id(), c));
        rebuildPlaces(s);
        Map<Long, List<Session>> byCentre = new HashMap<>();
        jdbc.sql(SESSIONS.formatted(""))
                .param("from", s.from).param("to", s.to)
                .query(this::session).list()
                .forEach(x -> byCentre.computeIfAbsent(x.centreId(), k -> new ArrayList<>()).add(x));
        byCentre.forEach((centre, list) -> s.sessions.put(centre, sorted(list)));
        // Changes in flight at this moment (seq taken, not committed) are asked for again.
        gaps.clear();
        long now = System.nanoTime();
        Set<Long> seen = new HashSet<>(jdbc.sql("SELECT seq FROM availability_change WHERE seq > :low")
                .param("low", high - 1000).query(Long.class).list());
        for (long seq = Math.max(1, high - 1000); seq < high; seq++) {
            if (!seen.contains(seq)) {
                gaps.put(seq, now);
            }
        }
        state = s;
        applied = high;
        appliedAt = Instant.now(clock);
        log.info("Availability index loaded: {} centres, {} sessions from {} to {} in {} ms (change seq {})",
                s.centres.size(), s.sessions.values().stream().mapToInt(List::size).sum(), s.from, s.to,
                (System.nanoTime() - started) / 1_000_000, high);
    }

    /**
     * A new day: the days that left the horizon are dropped and those that entered it are read
     * (one day of sessions, not all of them, so catching up pauses for a moment only). Every
     * answer gets a new version, since its days may have moved.
     */
    private State moveHorizon(State old, LocalDate today) {
        State s = new State(today.minusDays(1), today.plusDays(horizonDays), applied);
        s.centres.putAll(old.centres);
        s.byDistrict.putAll(old.byDistrict);
        s.byPincode.putAll(old.byPincode);
        Map<Long, List<Session>> byCentre = new HashMap<>();
        old.sessions.forEach((centre, list) -> list.stream()
                .filter(x -> !x.date().isBefore(s.from) && !x.date().isAfter(s.to))
                .forEach(x -> byCentre.computeIfAbsent(centre, k -> new ArrayList<>()).add(x)));
        LocalDate newFrom = old.to.isBefore(s.from) ? s.from : old.to.plusDays(1);
        if (!newFrom.isAfter(s.to)) {
            jdbc.sql(SESSIONS.formatted("")).param("from", newFrom).param("to", s.to)
                    .query(this::session).list()
                    .forEach(x -> byCentre.computeIfAbsent(x.centreId(), k -> new ArrayList<>()).add(x));
        }
        byCentre.forEach((centre, list) -> s.sessions.put(centre, sorted(list)));
        state = s;
        log.info("Availability index moved to {} .. {}", s.from, s.to);
        return s;
    }

    /** Centres changed: all are reread (their order by name comes from SQL's collation); rare and cheap. */
    private void reloadCentres(State s, Set<Long> changed, long seq) {
        Map<Long, Centre> before = new HashMap<>(s.centres);
        List<Centre> now = jdbc.sql(CENTRES).query((rs, n) -> centre(rs)).list();
        Set<Long> present = new HashSet<>();
        for (Centre c : now) {
            s.centres.put(c.id(), c);
            present.add(c.id());
        }
        s.centres.keySet().retainAll(present);
        rebuildPlaces(s);
        for (long id : changed) {
            bump(s, before.get(id), seq);
            bump(s, s.centres.get(id), seq);
        }
        s.centresVersion = seq;
    }

    /** Sessions changed (by id, with the centre the change row names): their centres' lists are rebuilt. */
    private void reloadSessions(State s, Map<UUID, Long> ids, long seq) {
        Map<UUID, Session> fresh = new HashMap<>();
        jdbc.sql(SESSIONS.formatted("AND s.id = ANY(:ids)"))
                .param("ids", ids.keySet().toArray(UUID[]::new)).param("from", s.from).param("to", s.to)
                .query(this::session).list().forEach(x -> fresh.put(UUID.fromString(x.id()), x));
        Set<String> idTexts = new HashSet<>();
        ids.keySet().forEach(id -> idTexts.add(id.toString()));
        // A session may leave its centre's list (cancelled, moved out of the horizon) or enter it.
        Set<Long> touched = new HashSet<>(ids.values());
        fresh.values().forEach(x -> touched.add(x.centreId()));
        for (long centre : touched) {
            List<Session> list = new ArrayList<>();
            for (Session x : s.sessions.getOrDefault(centre, List.of())) {
                if (!idTexts.contains(x.id())) {
                    list.add(x);
                }
            }
            fresh.values().stream().filter(x -> x.centreId() == centre).forEach(list::add);
            if (list.isEmpty()) {
                s.sessions.remove(centre);
            } else {
                s.sessions.put(centre, sorted(list));
            }
            bump(s, s.centres.get(centre), seq);
        }
    }

    private static List<Session> sorted(List<Session> list) {
        list.sort(Comparator.comparing(Session::date).thenComparing(Session::vaccine).thenComparing(Session::id));
        return List.copyOf(list);
    }

    private static void bump(State s, Centre c, long seq) {
        if (c == null) {
            return;
        }
        s.versions.put(versionKey(AvailabilitySearch.Where.CENTRE, c.id()), seq);
        s.versions.put(versionKey(AvailabilitySearch.Where.DISTRICT, c.districtId()), seq);
        s.versions.put(versionKey(AvailabilitySearch.Where.PINCODE, c.pincode()), seq);
    }

    private static void rebuildPlaces(State s) {
        Map<Integer, List<Long>> districts = new HashMap<>();
        Map<String, List<Long>> pincodes = new HashMap<>();
        for (Centre c : s.centres.values()) {
            districts.computeIfAbsent(c.districtId(), k -> new ArrayList<>()).add(c.id());
            pincodes.computeIfAbsent(c.pincode(), k -> new ArrayList<>()).add(c.id());
        }
        districts.forEach((d, ids) -> s.byDistrict.put(d, ids.stream().mapToLong(Long::longValue).toArray()));
        pincodes.forEach((p, ids) -> s.byPincode.put(p, ids.stream().mapToLong(Long::longValue).toArray()));
        s.byDistrict.keySet().retainAll(districts.keySet());
        s.byPincode.keySet().retainAll(pincodes.keySet());
    }

    private static Centre centre(ResultSet rs) throws SQLException {
        return new Centre(rs.getLong("id"), rs.getString("name"), rs.getString("address"), rs.getInt("state_id"),
                rs.getInt("district_id"), rs.getString("block_name"), rs.getString("pincode"), rs.getBigDecimal("lat"),
                rs.getBigDecimal("lng"), rs.getObject("opens_at", LocalTime.class), rs.getObject("closes_at", LocalTime.class),
                rs.getString("fee_type"), rs.getString("vaccine_fees"), rs.getBoolean("active"), rs.getInt("rank"));
    }

    private Session session(ResultSet rs, int n) throws SQLException {
        List<String> slots = Arrays.asList((String[]) rs.getArray("slot_labels").getArray());
        // Most sessions share a handful of slot lists: keep one copy of each.
        slots = slotLists.computeIfAbsent(slots, List::copyOf);
        java.sql.Array free = rs.getArray("slot_free");
        int[] slotFree = free == null ? new int[0]
                : Arrays.stream((Integer[]) free.getArray()).mapToInt(Integer::intValue).toArray();
        return new Session(rs.getString("id"), rs.getLong("centre_id"), rs.getObject("session_date", LocalDate.class),
                rs.getString("vaccine").intern(), rs.getInt("min_age"), (Integer) rs.getObject("max_age"), rs.getInt("fee"),
                rs.getInt("free1"), rs.getInt("free2"), rs.getInt("free3"), rs.getInt("capacity_booster"), slots, slotFree);
    }

    /** The day rolled over: move the horizon (a catch-up notices the new day and reloads). */
    @Scheduled(fixedDelayString = "${openvin.availability.day-check:60s}")
    void checkDay() {
        if (state != null) {
            catchUp();
        }
    }

    /** Rows every node has long applied are pruned (a node away longer reloads everything). */
    @Scheduled(fixedDelayString = "${openvin.availability.prune-every:10m}")
    void prune() {
        // The newest row stays: a catch-up that finds the sequence below what it applied takes it for a reset.
        jdbc.sql("""
                DELETE FROM availability_change WHERE at < now() - interval '1 hour'
                    AND seq < (SELECT max(seq) FROM availability_change)""").update();
    }

    // ---- reporting ----

    double entries() {
        State s = state;
        return s == null ? 0 : s.centres.size() + s.sessions.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Approximate bytes: measured shapes (object headers, fields, the session id string, the slot
     * free array) rather than a heap walk, which would cost more than the index.
     */
    double approximateBytes() {
        State s = state;
        if (s == null) {
            return 0;
        }
        long bytes = 0;
        for (List<Session> list : s.sessions.values()) {
            bytes += 16 + 4L * list.size() + 48;
            for (Session x : list) {
                bytes += 72 + 80 + 24 + 16 + 4L * x.slotFree().length;
            }
        }
        bytes += s.centres.size() * 400L;
        bytes += (s.byDistrict.size() + s.byPincode.size()) * 64L + s.centres.size() * 16L;
        bytes += s.versions.size() * 96L;
        return bytes;
    }
}
