-- Applying to a programme whose groups the organiser assembles (e.g. families matched by
-- area, child's age and language): the application keeps the facts the programme asks for
-- until a coordinator places the applicant into a group by hand.
CREATE TABLE applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL, -- the group the application was made to (the programme's intake)
  org_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'placed', 'declined', 'withdrawn')),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  email text CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND length(email) <= 254),
  phone text CHECK (phone ~ '^\+?[0-9 ()-]{6,20}$'),
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  -- area, child's age or due date, languages spoken, availability, background
  facts jsonb NOT NULL DEFAULT '{}',
  consent_at timestamptz NOT NULL,
  placed_registration_id uuid REFERENCES registrations (id) ON DELETE SET NULL,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (email IS NOT NULL OR phone IS NOT NULL),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX applications_group_idx ON applications (group_id, status, created_at);
ALTER TABLE applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE applications FORCE ROW LEVEL SECURITY;
CREATE POLICY applications_org ON applications FOR ALL
  USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]));
GRANT SELECT, INSERT, UPDATE ON applications TO vertaamo_app;

ALTER TABLE registrations DROP CONSTRAINT registrations_via_check;
ALTER TABLE registrations ADD CONSTRAINT registrations_via_check
  CHECK (via IN ('self', 'referrer', 'referral_code', 'staff', 'application'));
ALTER TABLE data_access_log DROP CONSTRAINT data_access_log_action_check;
ALTER TABLE data_access_log ADD CONSTRAINT data_access_log_action_check
  CHECK (action IN ('registrations.list', 'registrations.export', 'registration.remove', 'applications.list'));
