package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.identity.internal.TestAadhaar;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A mistyped Aadhaar number on the add-member form is named as such (its check digit does not
 * match, not "the wrong format"), and the form keeps what was typed so one digit can be fixed.
 */
@OpenVinTest
class MemberFormPageTest {

    @LocalServerPort
    int port;

    @Test
    void aBadCheckDigitHasItsOwnMessageAndTheNumberStaysInTheField() {
        PageVisitor visitor = new PageVisitor(port);
        visitor.logIn(Citizens.newMobile());
        String typo = TestAadhaar.withBadChecksum(TestAadhaar.next());

        var refused = visitor.post("/account/members", Map.of("name", "Ravi Kumar", "birthYear", "1980", "genderId", "1",
                "photoIdType", "1", "photoIdNumber", typo));

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"photoIdNumber-error\"", "check digit does not match")
                .doesNotContain("expected format")
                .containsPattern("id=\"photoIdNumber\"[^>]*value=\"" + typo + "\"")
                .containsPattern("id=\"name\"[^>]*value=\"Ravi Kumar\"");

        // In Hindi too, the message is the check digit's own.
        var hindi = visitor.post("/account/members?lang=hi", Map.of("name", "Ravi Kumar", "birthYear", "1980",
                "genderId", "1", "photoIdType", "1", "photoIdNumber", typo));
        assertThat(hindi.body()).contains("जाँच अंक मेल नहीं खाता");

        // Fixed, it is registered, and the page no longer holds the number.
        String fixed = TestAadhaar.next();
        var added = visitor.post("/account/members", Map.of("name", "Ravi Kumar", "birthYear", "1980", "genderId", "1",
                "photoIdType", "1", "photoIdNumber", fixed));
        assertThat(added.path()).isEqualTo("/account");
        assertThat(added.body()).contains("Ravi Kumar").doesNotContain(fixed);
    }
}
