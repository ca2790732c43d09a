package org.openvin.certificate.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The certificate verifier page. The page only ships the form: {@code /js/verify.js} checks EU
 * DCC and SMART Health Card signatures in the browser against the keys and revocation lists of
 * {@link PublicCertificateController} (cached, so it keeps working offline), and sends W3C
 * credentials to {@code POST /api/v2/certificate/public/verify}, which needs the network.
 */
@Controller
class VerifierPage {

    @GetMapping("/verify")
    String verify() {
        return "certificate/verify";
    }
}
