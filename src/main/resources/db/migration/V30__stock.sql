-- Vaccine stock (the stock module): lots, what each facility holds of them, and the ledger of
-- every movement. Stock on hand is never an overwritten number: each change is a ledger row,
-- and stock_balance is the running sum of those rows, updated in the same transaction.
CREATE TABLE stock_lot (
    id              BIGSERIAL PRIMARY KEY,
    vaccine         TEXT        NOT NULL,
    lot_number      TEXT        NOT NULL,
    manufacturer    TEXT        NOT NULL,
    expires_on      DATE        NOT NULL,
    doses_per_vial  INT         NOT NULL CHECK (doses_per_vial BETWEEN 1 AND 100),
    recalled_at     TIMESTAMPTZ,
    recall_reason   TEXT,
    registered_by   TEXT        NOT NULL,
    registered_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT stock_lot_unique UNIQUE (vaccine, lot_number)
);

-- What a facility holds of a lot: sealed vials plus the doses left in the open vial (usable
-- until open_until, the vaccine's open-vial period after opening). doses = sealed_vials *
-- doses_per_vial + open_doses; the CHECKs make negative stock impossible whatever the races.
CREATE TABLE stock_balance (
    centre_id     BIGINT      NOT NULL,
    lot_id        BIGINT      NOT NULL REFERENCES stock_lot (id),
    sealed_vials  INT         NOT NULL DEFAULT 0 CHECK (sealed_vials >= 0),
    open_doses    INT         NOT NULL DEFAULT 0 CHECK (open_doses >= 0),
    open_until    TIMESTAMPTZ,
    doses         INT         NOT NULL DEFAULT 0 CHECK (doses >= 0),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (centre_id, lot_id),
    CHECK (open_doses <= doses),
    CHECK (open_doses = 0 OR open_until IS NOT NULL)
);
CREATE INDEX stock_balance_by_lot ON stock_balance (lot_id);

-- One row per movement, signed: sum(doses_delta) = stock_balance.doses and
-- sum(vials_delta) = stock_balance.sealed_vials for every (centre, lot).
CREATE TABLE stock_ledger (
    id                BIGSERIAL PRIMARY KEY,
    centre_id         BIGINT      NOT NULL,
    lot_id            BIGINT      NOT NULL REFERENCES stock_lot (id),
    reason            TEXT        NOT NULL CHECK (reason IN ('RECEIVED', 'ADMINISTERED', 'WASTED_OPEN_VIAL_EXPIRY',
                                      'WASTED_BROKEN', 'WASTED_COLD_CHAIN', 'WASTED_EXPIRED', 'TRANSFERRED_OUT',
                                      'TRANSFERRED_IN', 'ADJUSTED')),
    doses_delta       INT         NOT NULL,
    vials_delta       INT         NOT NULL,
    vaccination_id    UUID,
    other_centre_id   BIGINT,
    note              TEXT,
    actor             TEXT        NOT NULL,
    actor_role        TEXT        NOT NULL,
    at                TIMESTAMPTZ NOT NULL
);
CREATE INDEX stock_ledger_by_place ON stock_ledger (centre_id, lot_id, id);
CREATE UNIQUE INDEX stock_ledger_by_dose ON stock_ledger (vaccination_id) WHERE vaccination_id IS NOT NULL;
CREATE INDEX stock_ledger_by_lot ON stock_ledger (lot_id, reason);
