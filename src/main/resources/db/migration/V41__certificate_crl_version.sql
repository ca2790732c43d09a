-- SMART Health Card revocation lists (the certificate module): per signing key (kid), the version
-- published as the key's crlVersion and the list's ctr. It only grows: a verifier refetches the
-- list when it sees a higher number. A kid without a row is at version 1, with an empty list.
CREATE TABLE certificate_crl_version (
    kid      TEXT PRIMARY KEY,
    version  INT  NOT NULL CHECK (version >= 1)
);
-- Revocations before this table: one version per revoked certificate, as was published then.
INSERT INTO certificate_crl_version (kid, version)
SELECT shc_kid, 1 + count(*) FROM certificate WHERE status = 'REVOKED' AND shc_kid IS NOT NULL GROUP BY shc_kid;
