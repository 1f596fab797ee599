-- Joining through a referrer (one's own social worker): the referrer registers a client with
-- the client's consent, or hands over a single-use code; either way the registration waits
-- for the coordinator's decision and takes no seat until accepted.
ALTER TABLE registrations DROP CONSTRAINT registrations_status_check;
ALTER TABLE registrations ADD CONSTRAINT registrations_status_check
  CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'declined', 'cancelled'));
ALTER TABLE registrations ADD COLUMN via text NOT NULL DEFAULT 'self'
  CHECK (via IN ('self', 'referrer', 'referral_code', 'staff'));
ALTER TABLE registrations ADD COLUMN referred_by uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE registrations ADD COLUMN referrer_label text;
ALTER TABLE registrations ADD COLUMN decided_at timestamptz;
CREATE INDEX registrations_referred_by_idx ON registrations (referred_by);

CREATE TABLE referral_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL,
  org_id uuid NOT NULL,
  code_hash bytea NOT NULL UNIQUE,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  registration_id uuid REFERENCES registrations (id) ON DELETE SET NULL,
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
ALTER TABLE referral_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY referral_codes_org ON referral_codes FOR ALL
  USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]));
GRANT SELECT, INSERT, UPDATE ON referral_codes TO vertaamo_app;
