-- Appointments: one row per beneficiary in a booking; the booking's appointment_id and
-- confirmation number are shared by the beneficiaries booked together.
CREATE TABLE appointment (
    appointment_id   UUID        NOT NULL,
    beneficiary_id   TEXT        NOT NULL,
    account_id       BIGINT      NOT NULL,
    confirmation_no  TEXT        NOT NULL,
    session_id       UUID        NOT NULL REFERENCES vaccination_session (id),
    slot_position    INT         NOT NULL,
    dose             INT         NOT NULL CHECK (dose BETWEEN 1 AND 9),
    status           TEXT        NOT NULL DEFAULT 'BOOKED'
                     CHECK (status IN ('BOOKED', 'CANCELLED', 'SESSION_CANCELLED', 'VACCINATED')),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (appointment_id, beneficiary_id)
);
-- One open appointment per beneficiary and dose, whatever races.
CREATE UNIQUE INDEX appointment_one_open_per_dose ON appointment (beneficiary_id, dose) WHERE status = 'BOOKED';
CREATE INDEX appointment_by_session ON appointment (session_id) WHERE status = 'BOOKED';
CREATE INDEX appointment_by_account ON appointment (account_id);
CREATE INDEX appointment_by_confirmation ON appointment (confirmation_no);

-- Slots never change after publishing; keeping their labels on the session row spares every
-- availability search a join.
ALTER TABLE vaccination_session ADD COLUMN slot_labels TEXT[] NOT NULL DEFAULT '{}';
