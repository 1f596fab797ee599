-- Running groups: attendance graded by privacy (names for groups people join by name, a
-- head count for drop-in groups), the low-attendance warning, and listing freshness.

-- ---------------------------------------------------------------- attendance
-- One row per session whose attendance was recorded: the numbers reports and the
-- low-attendance rule read. `present_count` is the people present (named: those marked
-- present; drop-in: the head count); children who came along are counted apart.
CREATE TABLE session_attendance (
  session_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  group_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('named', 'head_count')),
  present_count integer NOT NULL CHECK (present_count >= 0),
  children_count integer NOT NULL DEFAULT 0 CHECK (children_count >= 0),
  recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  recorded_by_label text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (session_id, org_id) REFERENCES sessions (id, org_id) ON DELETE CASCADE,
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX session_attendance_group_idx ON session_attendance (group_id);

-- Named attendance: personal data, who was there. Only for groups people join by name.
-- The composite key keeps a participant in the organisation of the session.
ALTER TABLE registrations ADD CONSTRAINT registrations_id_org_id_key UNIQUE (id, org_id);
CREATE TABLE session_participants (
  session_id uuid NOT NULL REFERENCES session_attendance (session_id) ON DELETE CASCADE,
  registration_id uuid NOT NULL,
  org_id uuid NOT NULL,
  present boolean NOT NULL,
  PRIMARY KEY (session_id, registration_id),
  FOREIGN KEY (registration_id, org_id) REFERENCES registrations (id, org_id) ON DELETE CASCADE
);
CREATE INDEX session_participants_registration_idx ON session_participants (registration_id);

-- ---------------------------------------------------------------- low attendance
-- A group's own rule: the organisation's default, off, or its own numbers.
ALTER TABLE groups ADD COLUMN low_attendance_rule text NOT NULL DEFAULT 'organisation'
  CHECK (low_attendance_rule IN ('organisation', 'off', 'custom'));
ALTER TABLE groups ADD COLUMN low_attendance_min_present integer CHECK (low_attendance_min_present > 0);
ALTER TABLE groups ADD COLUMN low_attendance_consecutive integer CHECK (low_attendance_consecutive > 0);
ALTER TABLE groups ADD CONSTRAINT groups_low_attendance_custom CHECK (low_attendance_rule <> 'custom'
  OR (low_attendance_min_present IS NOT NULL AND low_attendance_consecutive IS NOT NULL));

-- The warning a group carries while its last attended sessions stay below the rule.
CREATE TABLE low_attendance_warnings (
  group_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  -- the start of the first session of the current run of low sessions
  since timestamptz NOT NULL,
  sessions integer NOT NULL CHECK (sessions > 0),
  min_present integer NOT NULL CHECK (min_present > 0),
  raised_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX low_attendance_warnings_org_idx ON low_attendance_warnings (org_id);

-- ---------------------------------------------------------------- listing freshness
-- A listing not confirmed for this many days is stale.
ALTER TABLE organisations ADD COLUMN stale_after_days integer NOT NULL DEFAULT 90
  CHECK (stale_after_days BETWEEN 1 AND 3650);

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('registration_confirmed', 'registration_waitlisted',
  'registration_promoted', 'registration_cancelled', 'session_reminder', 'session_cancelled', 'session_moved',
  'group_suspended', 'organiser_message', 'listing_stale_reminder'));

ALTER TABLE data_access_log DROP CONSTRAINT data_access_log_action_check;
ALTER TABLE data_access_log ADD CONSTRAINT data_access_log_action_check
  CHECK (action IN ('registrations.list', 'registrations.export', 'registration.remove', 'applications.list',
    'attendance.read'));

-- ---------------------------------------------------------------- row-level security
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['session_attendance', 'session_participants', 'low_attendance_warnings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]))', t || '_org', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON session_attendance, session_participants, low_attendance_warnings
  TO vertaamo_app;
