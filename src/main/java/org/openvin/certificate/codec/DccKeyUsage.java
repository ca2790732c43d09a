package org.openvin.certificate.codec;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A document signer certificate may be limited to some certificate types through extended key
 * usage OIDs, so that e.g. a test centre's key cannot sign vaccinations. No such OID means
 * the key may sign every type.
 */
public final class DccKeyUsage {

    /** The OIDs by DCC group, each as published and in the variant with the extra ".0" arc that issuers deployed. */
    private static final Map<String, Set<String>> OIDS_BY_GROUP = Map.of(
            "t", Set.of("1.3.6.1.4.1.1847.2021.1.1", "1.3.6.1.4.1.0.1847.2021.1.1"),
            "v", Set.of("1.3.6.1.4.1.1847.2021.1.2", "1.3.6.1.4.1.0.1847.2021.1.2"),
            "r", Set.of("1.3.6.1.4.1.1847.2021.1.3", "1.3.6.1.4.1.0.1847.2021.1.3"));

    private DccKeyUsage() {
    }

    public static boolean permits(X509Certificate signer, JsonNode dcc) {
        List<String> usages;
        try {
            usages = signer.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return false;
        }
        List<String> dccUsages = usages == null ? List.of()
                : usages.stream().filter(oid -> OIDS_BY_GROUP.values().stream().anyMatch(set -> set.contains(oid))).toList();
        if (dccUsages.isEmpty()) {
            return true;
        }
        return OIDS_BY_GROUP.entrySet().stream()
                .filter(group -> dcc.has(group.getKey()))
                .allMatch(group -> dccUsages.stream().anyMatch(group.getValue()::contains));
    }
}
