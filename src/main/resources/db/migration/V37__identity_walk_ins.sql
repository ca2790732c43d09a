-- A walk-in registered by a vaccinator under a mobile number nobody confirmed by OTP: attached to
-- that number's account (for look-up and SMS) but kept out of its owner's family list and limit.
ALTER TABLE beneficiary ADD COLUMN walk_in BOOLEAN NOT NULL DEFAULT false;
