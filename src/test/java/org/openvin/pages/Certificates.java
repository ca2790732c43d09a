package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.openvin.Api;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A citizen's certificate QR texts, once issuance (an event after the dose) has caught up, and tampered copies. */
final class Certificates {

    private Certificates() {
    }

    static String qr(JdbcClient jdbc, Api citizen, String ref, String format) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline && jdbc.sql("SELECT count(*) FROM certificate WHERE beneficiary_id = ?")
                .param(ref).query(Integer.class).single() == 0) {
            Thread.sleep(100);
        }
        var answer = citizen.get("/api/v2/registration/certificate/qr?beneficiary_reference_id=" + ref + "&format=" + format);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("payload").asString();
    }

    /** One Base45 character changed in the middle: the compressed signed data no longer matches. */
    static String tampered(String hc1) {
        int i = hc1.length() / 2;
        char c = hc1.charAt(i);
        return hc1.substring(0, i) + (c == 'A' ? 'B' : 'A') + hc1.substring(i + 1);
    }

    /** A digit pair of the signature changed: a well-formed card whose signature does not match. */
    static String tamperedShc(String shc) {
        int i = shc.length() - 10;
        String pair = shc.substring(i, i + 2);
        return shc.substring(0, i) + (pair.equals("10") ? "11" : "10") + shc.substring(i + 2);
    }
}
