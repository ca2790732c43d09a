package org.openvin.identity.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The contract's captcha ({@code POST /api/v2/auth/getRecaptcha}, error {@code APPOIN0045}). Older
 * CoWIN clients ask for one; whether an OTP is sent only against a solved captcha is the country
 * profile's {@code captcha.required} (off by default). An answer is good once, for
 * {@link #VALIDITY}, on any node. The picture is an SVG of distorted text with noise lines: it
 * slows casual scripts, it does not stop a determined bot (the OTP limits do that).
 */
@Service
class Captchas {

    static final Duration VALIDITY = Duration.ofMinutes(3);
    /** No 0/O, 1/I/L: letters a person cannot tell apart would make honest users fail. */
    private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final int LENGTH = 5;
    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final Clock clock;

    Captchas(JdbcClient jdbc, CountryProfile profile, Clock clock) {
        this.jdbc = jdbc;
        this.profile = profile;
        this.clock = clock;
    }

    /** Issuing a captcha: stores its answer (and forgets expired ones) and returns its picture. */
    @Transactional
    String issue() {
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < LENGTH; i++) {
            answer.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM captcha WHERE expires_at < ?").param(at(now)).update();
        jdbc.sql("INSERT INTO captcha (id, answer, expires_at) VALUES (?, ?, ?)")
                .params(UUID.randomUUID(), answer.toString(), at(now.plus(VALIDITY))).update();
        return svg(answer.toString());
    }

    /**
     * Checking an answer before an OTP is sent, when the profile requires it: a live answer is used
     * up in the same statement, so two requests cannot share one.
     */
    @Transactional
    void requireSolved(String answer) {
        if (!profile.captchaRequired()) {
            return;
        }
        String given = answer == null ? "" : answer.trim().toUpperCase(java.util.Locale.ROOT);
        int used = given.isEmpty() ? 0 : jdbc.sql("""
                        DELETE FROM captcha WHERE id = (
                            SELECT id FROM captcha WHERE answer = ? AND expires_at > ? LIMIT 1 FOR UPDATE SKIP LOCKED)""")
                .params(given, at(clock.instant())).update();
        if (used == 0) {
            throw ApiException.badRequest("APPOIN0045", "Invalid Captcha").on("captcha");
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String svg(String answer) {
        StringBuilder svg = new StringBuilder(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"150\" height=\"50\" viewBox=\"0,0,150,50\">"
                        + "<rect width=\"100%\" height=\"100%\" fill=\"#f4f4f4\"/>");
        for (int i = 0; i < 4; i++) {
            svg.append(String.format("<path d=\"M%d %d C%d %d,%d %d,%d %d\" stroke=\"#%06x\" fill=\"none\"/>",
                    random.nextInt(20), 10 + random.nextInt(30), 40 + random.nextInt(30), random.nextInt(50),
                    80 + random.nextInt(30), random.nextInt(50), 130 + random.nextInt(20), 10 + random.nextInt(30),
                    random.nextInt(0x888888)));
        }
        for (int i = 0; i < answer.length(); i++) {
            int x = 15 + i * 26 + random.nextInt(6);
            int y = 32 + random.nextInt(10);
            svg.append(String.format("<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"%d\" fill=\"#%06x\" "
                            + "transform=\"rotate(%d %d %d)\">%c</text>", x, y, 24 + random.nextInt(8),
                    random.nextInt(0x666666), random.nextInt(50) - 25, x, y, answer.charAt(i)));
        }
        return svg.append("</svg>").toString();
    }
}
