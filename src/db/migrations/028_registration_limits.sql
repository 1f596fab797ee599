-- Public registrations are counted per client (and per client and group) to limit how fast
-- one client can register (src/enrolment/service.ts). Keys are hashes, never an address in
-- clear; rows older than the window are deleted as new ones arrive. Only the schema owner
-- reads or writes them: the application role has no grant, and row-level security (enabled,
-- forced) admits no other role either.
CREATE TABLE registration_attempts (
  id bigserial PRIMARY KEY,
  key_hash text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX registration_attempts_key_idx ON registration_attempts (key_hash, at);
CREATE INDEX registration_attempts_time_idx ON registration_attempts (at);
ALTER TABLE registration_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE registration_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY registration_attempts_owner ON registration_attempts
  USING (current_user <> 'vertaamo_app') WITH CHECK (current_user <> 'vertaamo_app');
REVOKE ALL ON registration_attempts FROM vertaamo_app;

-- One person, one active registration per group: a phone number compared as its digits,
-- a leading 00 or 0 read as + and +358 (Finland), so 040 123 4567, +358 40 1234567 and
-- 00358-40-123-4567 are the same number.
CREATE FUNCTION phone_key(phone text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN btrim(phone) LIKE '+%' THEN '+' || d
    WHEN d LIKE '00%' THEN '+' || substr(d, 3)
    WHEN d LIKE '0%' THEN '+358' || substr(d, 2)
    ELSE d
  END
  FROM (SELECT regexp_replace(phone, '[^0-9]', '', 'g') AS d) digits
$$;
CREATE INDEX registrations_active_email_idx ON registrations (group_id, lower(email))
  WHERE status IN ('confirmed', 'waitlisted') AND email IS NOT NULL;
CREATE INDEX registrations_active_phone_idx ON registrations (group_id, phone_key(phone))
  WHERE status IN ('confirmed', 'waitlisted') AND phone IS NOT NULL;
