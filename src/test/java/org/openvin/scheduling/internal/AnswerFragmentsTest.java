package org.openvin.scheduling.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openvin.OpenVinTest;
import org.openvin.platform.ChangeFeed;
import org.openvin.scheduling.Fixtures;
import org.openvin.scheduling.NewSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Answers joined from fragments are the bytes Jackson writes for the whole answer, for centres
 * whose names and addresses carry what could confuse a splice (quotes, backslashes, the very text
 * {@code "sessions":[]}, non-ASCII scripts, emoji), paid and free, with and without slots, with
 * booked-out sessions, in every language the profile offers and none; and again after changes.
 */
@OpenVinTest
class AnswerFragmentsTest {

    private static final String[] NAMES = {"Apollo \"Sessions\":[] Clinic", "O'Brien \\ Health", "अपोलो अस्पताल",
            "Clínica São José", "Centre 🏥 Nord", "\"sessions\":[]", "Tab\there", "Line\nbreak", "<b>&amp;</b>"};

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    @Autowired
    ChangeFeed feed;

    @Autowired
    AvailabilitySearch search;

    @Autowired
    AvailabilityIndex index;

    @Test
    void fragmentsJoinToTheWholeAnswerByteForByte() {
        Random random = new Random(20210917);
        LocalDate today = Fixtures.today();
        long first = 880_100;
        for (int i = 0; i < NAMES.length; i++) {
            boolean paid = i % 2 == 0;
            jdbc.sql("""
                            INSERT INTO centre (id, name, address, state_id, district_id, block_name, pincode, lat, lng,
                                                opens_at, closes_at, fee_type, vaccine_fees)
                            VALUES (?, ?, ?, 21, 395, ?, '400099', 19.1, 72.9, '09:00', '17:00', ?, ?::jsonb)
                            ON CONFLICT DO NOTHING""")
                    .params(first + i, NAMES[i], "Road " + NAMES[(i + 3) % NAMES.length], NAMES[(i + 5) % NAMES.length],
                            paid ? "Paid" : "Free", paid ? "{\"COVISHIELD\": 780, \"COVAXIN\": 1200}" : "{}").update();
            for (int d = 0; d < 9; d++) {
                if (random.nextInt(4) == 0) {
                    continue;
                }
                List<String> slots = random.nextBoolean() ? List.of() : List.of("09:00AM-11:00AM", "11:00AM-01:00PM");
                publishing.publish(new NewSession(UUID.randomUUID(), first + i, today.plusDays(d),
                        random.nextBoolean() ? "COVISHIELD" : "COVAXIN", random.nextBoolean() ? 18 : 45,
                        random.nextBoolean() ? null : 60, random.nextInt(3) * 5, random.nextInt(3), random.nextInt(2) * 3,
                        0, slots));
            }
        }
        feed.catchUpAfterCommit(AvailabilityIndex.CHANNEL);
        AnswerFragments fragments = new AnswerFragments(search, index, 1 << 20);
        String district = text(fragments.calendar(new AvailabilitySearch.Filter(AvailabilitySearch.Where.DISTRICT, 395,
                today, today.plusDays(6), null, false), null));
        assertThat(district).contains("अपोलो अस्पताल", "O'Brien \\\\ Health", "Apollo \\\"Sessions\\\":[] Clinic", "🏥");
        assertSame(fragments, today);
        jdbc.sql("UPDATE vaccination_session SET booked_dose1 = capacity_dose1 WHERE centre_id = ?").param(first).update();
        jdbc.sql("UPDATE centre SET name = ? WHERE id = ?").params("Renamed \"sessions\":[] ", first + 1).update();
        feed.catchUpAfterCommit(AvailabilityIndex.CHANNEL);
        assertSame(fragments, today);
        // A bound smaller than one answer empties the maps on every fragment; answers stay right.
        assertSame(new AnswerFragments(search, index, 100), today);
    }

    private void assertSame(AnswerFragments fragments, LocalDate today) {
        for (String lang : new String[] {null, "hi", "en"}) {
            for (int d = 0; d < 7; d++) {
                LocalDate day = today.plusDays(d);
                for (var where : List.of(new Object[] {AvailabilitySearch.Where.DISTRICT, 395},
                        new Object[] {AvailabilitySearch.Where.PINCODE, "400099"},
                        new Object[] {AvailabilitySearch.Where.CENTRE, 880_100L},
                        new Object[] {AvailabilitySearch.Where.CENTRE, 880_105L})) {
                    var w = (AvailabilitySearch.Where) where[0];
                    var rows = new AvailabilitySearch.Filter(w, where[1], day, day, null, true);
                    var calendar = new AvailabilitySearch.Filter(w, where[1], day, day.plusDays(6), null, false);
                    assertThat(search.inMemory(calendar)).isTrue();
                    assertThat(text(fragments.rows(rows, lang))).as("rows %s %s %s", w, day, lang)
                            .isEqualTo(text(AnswerFragments.JSON.writeValueAsBytes(
                                    new PublicAvailabilityController.Sessions(search.rows(rows, lang)))));
                    assertThat(text(fragments.calendar(calendar, lang))).as("calendar %s %s %s", w, day, lang)
                            .isEqualTo(text(AnswerFragments.JSON.writeValueAsBytes(
                                    new PublicAvailabilityController.Centres(search.calendar(calendar, lang)))));
                    if (w == AvailabilitySearch.Where.CENTRE) {
                        var centres = search.calendar(calendar, lang);
                        assertThat(text(fragments.oneCentre(calendar, lang))).isEqualTo(text(AnswerFragments.JSON
                                .writeValueAsBytes(java.util.Map.of("centers",
                                        centres.isEmpty() ? java.util.Map.of() : centres.getFirst()))));
                    }
                }
            }
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
