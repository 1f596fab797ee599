-- Reporting (issue 14, sections 2-4): who facilitated each session, for the volunteer hours of
-- the yearly statistics, and how a project's targets are measured.

-- The facilitators who ran one session. A session without rows here was run by its group's
-- facilitators (group_facilitators); rows are written only when a coordinator or one of the
-- group's facilitators changes who ran it on the session page.
CREATE TABLE session_facilitators (
  session_id uuid NOT NULL,
  facilitator_id uuid NOT NULL,
  org_id uuid NOT NULL,
  PRIMARY KEY (session_id, facilitator_id),
  FOREIGN KEY (session_id, org_id) REFERENCES sessions (id, org_id) ON DELETE CASCADE,
  FOREIGN KEY (facilitator_id, org_id) REFERENCES facilitators (id, org_id) ON DELETE CASCADE
);
CREATE INDEX session_facilitators_facilitator_idx ON session_facilitators (facilitator_id);

-- How a project target is measured: counted from Vertaamo's own data, or a figure a
-- coordinator enters by hand. Keyed by the target's key (not its row id), because the
-- organisation's targets are replaced as a whole when the organisation is edited.
CREATE TABLE target_measures (
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  target_key text NOT NULL CHECK (target_key ~ '^[a-z0-9_]+$'),
  measure text NOT NULL CHECK (measure IN ('families_by_background', 'facilitators_by_profession', 'network',
    'participants', 'groups_run', 'sessions_held', 'visits', 'manual')),
  -- families_by_background: which background (from the application's background fact)
  background text CHECK (background IN ('finnish', 'immigrant')),
  -- facilitators_by_profession: which profession
  profession text CHECK (profession IN ('public_health_nurse', 'social_worker', 'supervisor', 'coach',
    'psychologist', 'family_worker', 'association_staff', 'other')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, target_key),
  CHECK ((measure = 'families_by_background') = (background IS NOT NULL)),
  CHECK ((measure = 'facilitators_by_profession') = (profession IS NOT NULL))
);

-- Manual figures of a target: the value reached by a day, with a note of where it comes from.
CREATE TABLE target_figures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  target_key text NOT NULL CHECK (target_key ~ '^[a-z0-9_]+$'),
  value integer NOT NULL CHECK (value >= 0),
  recorded_on date NOT NULL,
  note text CHECK (note IS NULL OR char_length(note) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX target_figures_target_idx ON target_figures (org_id, target_key, recorded_on);

-- The statistics read an organisation's sessions and costs of a period.
CREATE INDEX sessions_org_starts_idx ON sessions (org_id, starts_at);
CREATE INDEX group_costs_org_idx ON group_costs (org_id, incurred_on);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['session_facilitators', 'target_measures', 'target_figures'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]))', t || '_org', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON session_facilitators, target_measures, target_figures TO vertaamo_app;

-- Counting families by the background fact of their applications reads sealed facts (never
-- shown), and that read is logged like any other.
ALTER TABLE data_access_log DROP CONSTRAINT data_access_log_action_check;
ALTER TABLE data_access_log ADD CONSTRAINT data_access_log_action_check
  CHECK (action IN ('registrations.list', 'registrations.export', 'registration.remove', 'applications.list',
    'attendance.read', 'registration.create', 'registration.add', 'registration.cancel', 'registration.promote',
    'referral.create', 'referral.accept', 'referral.decline', 'application.create', 'application.place',
    'application.decline', 'attendance.record', 'answers.update', 'retention.anonymise',
    'subject.export', 'subject.erase', 'session_notes.read', 'session_notes.update', 'applications.count'));
