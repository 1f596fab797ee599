-- Retention: registrations and applications of a group are anonymised the organisation's
-- retention_days after the group ended. The row stays (seat counts, attendance counts and
-- yearly statistics need it), the person does not.
ALTER TABLE registrations ADD COLUMN anonymised_at timestamptz;
ALTER TABLE applications ADD COLUMN anonymised_at timestamptz;

-- "Email or phone" holds for people, not for anonymised rows. The constraints were created
-- without names, so they are found by what they say.
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN
    SELECT con.conname, rel.relname FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
    WHERE rel.relname IN ('registrations', 'applications') AND con.contype = 'c'
      AND pg_get_constraintdef(con.oid) LIKE '%email IS NOT NULL%phone IS NOT NULL%'
  LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', c.relname, c.conname);
  END LOOP;
END $$;
ALTER TABLE registrations ADD CONSTRAINT registrations_contact_check
  CHECK (anonymised_at IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL);
ALTER TABLE applications ADD CONSTRAINT applications_contact_check
  CHECK (anonymised_at IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL);
CREATE INDEX groups_ended_idx ON groups (ended_on) WHERE status = 'ended';
