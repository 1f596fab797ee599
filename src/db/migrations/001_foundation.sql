-- Vertaamo foundation: organisations, accounts, venues, facilitation, programme templates,
-- groups with their lifecycle, schedules and sessions, all under row-level security.

-- The application role. It owns nothing and cannot bypass row-level security; the
-- application switches to it with SET LOCAL ROLE at the start of every transaction.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vertaamo_app') THEN
    CREATE ROLE vertaamo_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END $$;
GRANT vertaamo_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO vertaamo_app;

-- A text shown to people: Finnish always, Swedish and English when given.
CREATE DOMAIN localized_text AS jsonb
  CHECK (jsonb_typeof(VALUE) = 'object' AND VALUE ? 'fi' AND length(VALUE ->> 'fi') > 0);

-- Access context, set per transaction with set_config(..., true). A missing or empty
-- setting yields no organisations: the policies fail closed to public data only.
CREATE FUNCTION app_org_ids() RETURNS uuid[] LANGUAGE sql STABLE AS $$
  SELECT COALESCE(NULLIF(current_setting('vertaamo.org_ids', true), '')::uuid[], '{}'::uuid[])
$$;
CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT NULLIF(current_setting('vertaamo.user_id', true), '')::uuid
$$;

-- ---------------------------------------------------------------- organisations
CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  kind text NOT NULL CHECK (kind IN ('federation', 'district', 'local_association', 'association',
    'city_service', 'wellbeing_services_county', 'project', 'institute', 'self_organised')),
  parent_id uuid REFERENCES organisations (id),
  name localized_text NOT NULL,
  description localized_text,
  municipality text,
  website text,
  email text,
  phone text,
  -- a local association's board decides to start group activity
  requires_board_approval boolean NOT NULL DEFAULT false,
  -- projects are time-limited
  starts_on date,
  ends_on date,
  -- low-attendance rule: fewer than N present in M consecutive sessions
  low_attendance_min_present integer CHECK (low_attendance_min_present > 0),
  low_attendance_consecutive integer CHECK (low_attendance_consecutive > 0),
  retention_days integer NOT NULL DEFAULT 30 CHECK (retention_days BETWEEN 1 AND 3650),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS NULL OR parent_id <> id),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX organisations_parent_idx ON organisations (parent_id);

-- Measurable targets of a project, e.g. 20 Finnish families, 10 nurses.
CREATE TABLE project_targets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z0-9_]+$'),
  label localized_text NOT NULL,
  target_value integer NOT NULL CHECK (target_value >= 0),
  unit text NOT NULL DEFAULT 'people' CHECK (unit IN ('people', 'families', 'groups', 'sessions', 'professionals', 'other')),
  UNIQUE (org_id, key)
);

-- Organisations a group works with: child health clinics, parishes, adult education centres...
CREATE TABLE partners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name localized_text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('municipality', 'child_health_clinic', 'parish', 'patient_organisation',
    'martha_organisation', 'adult_education_centre', 'pensioners_organisation', 'association',
    'wellbeing_services_county', 'company', 'other')),
  website text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partners_org_idx ON partners (org_id);

-- ---------------------------------------------------------------- accounts
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash text,
  locale text NOT NULL DEFAULT 'fi' CHECK (locale IN ('fi', 'sv', 'en')),
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'board_member', 'facilitator', 'referrer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, user_id, role)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- Server-side login sessions; only the hash of the cookie value is stored.
CREATE TABLE login_sessions (
  id_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX login_sessions_user_idx ON login_sessions (user_id);

-- Bearer tokens for scripts, bound to one organisation and one role.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'board_member', 'facilitator', 'referrer')),
  label text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_org_idx ON api_tokens (org_id);

-- ---------------------------------------------------------------- venues
CREATE TABLE venues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  street_address text,
  postal_code text CHECK (postal_code ~ '^[0-9]{5}$'),
  municipality text NOT NULL,
  neighbourhood text,
  latitude numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
  longitude numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
  accessibility text[] NOT NULL DEFAULT '{}' CHECK (accessibility <@ ARRAY['step_free_access', 'accessible_toilet',
    'lift', 'induction_loop', 'parking', 'public_transport', 'pram_access', 'baby_changing', 'quiet_room']::text[]),
  accessibility_notes localized_text,
  directions localized_text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX venues_org_idx ON venues (org_id);
CREATE INDEX venues_municipality_idx ON venues (municipality);

-- ---------------------------------------------------------------- facilitation
CREATE TABLE trainings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid REFERENCES organisations (id) ON DELETE CASCADE, -- the provider; NULL for built-in
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name localized_text NOT NULL,
  description localized_text,
  kind text NOT NULL CHECK (kind IN ('facilitator_basic', 'method', 'supervision', 'other')),
  validity_months integer CHECK (validity_months > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE facilitators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('peer', 'professional')),
  engagement text NOT NULL CHECK (engagement IN ('volunteer', 'paid')),
  profession text CHECK (profession IN ('public_health_nurse', 'social_worker', 'supervisor', 'coach',
    'psychologist', 'family_worker', 'association_staff', 'other')),
  languages text[] NOT NULL DEFAULT '{fi}',
  -- a facilitator's name is shown publicly only when they chose so
  name_public boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id)
);
CREATE INDEX facilitators_org_idx ON facilitators (org_id);

CREATE TABLE training_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  facilitator_id uuid NOT NULL,
  training_id uuid NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
  completed_on date NOT NULL,
  valid_until date,
  FOREIGN KEY (facilitator_id, org_id) REFERENCES facilitators (id, org_id) ON DELETE CASCADE,
  UNIQUE (facilitator_id, training_id, completed_on),
  CHECK (valid_until IS NULL OR valid_until >= completed_on)
);

CREATE TABLE programme_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid REFERENCES organisations (id) ON DELETE CASCADE, -- NULL: built in, shared by all
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name localized_text NOT NULL,
  description localized_text,
  max_participants integer CHECK (max_participants > 0),
  session_minutes_min integer CHECK (session_minutes_min > 0),
  session_minutes_max integer CHECK (session_minutes_max > 0),
  allowed_modes text[] NOT NULL DEFAULT '{in_person,remote,hybrid}'
    CHECK (allowed_modes <@ ARRAY['in_person', 'remote', 'hybrid']::text[]),
  hybrid_discouraged boolean NOT NULL DEFAULT false,
  crisis_notice boolean NOT NULL DEFAULT false,
  self_directed_allowed boolean NOT NULL DEFAULT false,
  required_training_id uuid REFERENCES trainings (id),
  -- the themes a group may choose from, [{ "key": "...", "label": { "fi": ... } }]
  theme_options jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(theme_options) = 'array'),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (session_minutes_max IS NULL OR session_minutes_min IS NULL OR session_minutes_max >= session_minutes_min)
);

-- The template's session plan: kickoff → theme sessions → closing, or N regular sessions.
CREATE TABLE template_sessions (
  template_id uuid NOT NULL REFERENCES programme_templates (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position > 0),
  kind text NOT NULL CHECK (kind IN ('kickoff', 'theme', 'closing', 'regular')),
  title localized_text,
  PRIMARY KEY (template_id, position)
);

-- ---------------------------------------------------------------- groups
CREATE TABLE groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
  name localized_text NOT NULL,
  description localized_text,
  audience text[] NOT NULL DEFAULT '{}' CHECK (audience <@ ARRAY['parents', 'expecting_parents', 'families',
    'children', 'youth', 'relatives', 'carers', 'men', 'women', 'immigrants', 'workers', 'everyone']::text[]),
  unifying_factor localized_text,
  theme localized_text,
  topics text[] NOT NULL DEFAULT '{}',
  method text NOT NULL DEFAULT 'discussion' CHECK (method IN ('discussion', 'activity', 'play', 'mixed')),
  openness text NOT NULL DEFAULT 'open' CHECK (openness IN ('open', 'closed')),
  how_to_join text NOT NULL CHECK (how_to_join IN ('drop_in', 'registration', 'referral', 'application')),
  capacity integer CHECK (capacity > 0),
  waitlist_capacity integer CHECK (waitlist_capacity >= 0),
  allow_late_joiners boolean NOT NULL DEFAULT false,
  cost_kind text NOT NULL DEFAULT 'free' CHECK (cost_kind IN ('free', 'co_payment')),
  co_payment_cents integer CHECK (co_payment_cents > 0),
  co_payment_note localized_text,
  languages text[] NOT NULL DEFAULT '{fi}' CHECK (cardinality(languages) > 0),
  mode text NOT NULL DEFAULT 'in_person' CHECK (mode IN ('in_person', 'remote', 'hybrid')),
  children_along boolean NOT NULL DEFAULT false,
  child_age_min_months integer CHECK (child_age_min_months >= 0),
  child_age_max_months integer CHECK (child_age_max_months >= 0),
  crisis_notice boolean NOT NULL DEFAULT false,
  -- who leads: nobody in particular (self-directed), a peer, a professional, or both together
  facilitation text NOT NULL DEFAULT 'peer' CHECK (facilitation IN ('none', 'peer', 'professional', 'co_facilitated')),
  self_directed boolean NOT NULL DEFAULT false,
  template_id uuid REFERENCES programme_templates (id),
  venue_id uuid REFERENCES venues (id),
  season localized_text,
  starts_on date,
  ends_on date,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'proposed', 'approved', 'published', 'running', 'suspended', 'ended')),
  suspended_on date,
  suspension_reason_code text CHECK (suspension_reason_code IN ('low_attendance', 'facilitator_unavailable',
    'venue_unavailable', 'other')),
  suspension_reason text,
  ended_on date,
  replaces_group_id uuid UNIQUE REFERENCES groups (id),
  published_at timestamptz,
  last_confirmed_at timestamptz,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id),
  CHECK (cost_kind = 'free' AND co_payment_cents IS NULL OR cost_kind = 'co_payment' AND co_payment_cents IS NOT NULL),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on),
  CHECK (child_age_max_months IS NULL OR child_age_min_months IS NULL OR child_age_max_months >= child_age_min_months),
  CHECK (status <> 'suspended' OR suspended_on IS NOT NULL),
  CHECK (replaces_group_id IS NULL OR replaces_group_id <> id),
  CHECK (waitlist_capacity IS NULL OR capacity IS NOT NULL)
);
CREATE INDEX groups_org_idx ON groups (org_id);
CREATE INDEX groups_status_idx ON groups (status);
CREATE INDEX groups_venue_idx ON groups (venue_id);

-- The remote meeting link is for confirmed participants only, so it lives apart from the
-- public group row and is readable only inside the organisation.
CREATE TABLE group_remote_details (
  group_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  url text NOT NULL CHECK (url ~ '^https://'),
  instructions localized_text,
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);

CREATE TABLE group_facilitators (
  group_id uuid NOT NULL,
  facilitator_id uuid NOT NULL,
  org_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('lead', 'co_facilitator', 'convener')),
  PRIMARY KEY (group_id, facilitator_id),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE,
  FOREIGN KEY (facilitator_id, org_id) REFERENCES facilitators (id, org_id) ON DELETE CASCADE
);
CREATE INDEX group_facilitators_facilitator_idx ON group_facilitators (facilitator_id);

CREATE TABLE group_partners (
  group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, partner_id)
);
CREATE INDEX group_partners_partner_idx ON group_partners (partner_id);

CREATE TABLE board_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL,
  org_id uuid NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
  decided_on date NOT NULL,
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  minutes_reference text,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX board_decisions_group_idx ON board_decisions (group_id);

-- Every change to a group, who and when. Append-only for the application.
CREATE TABLE group_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id uuid NOT NULL,
  org_id uuid NOT NULL,
  actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  actor_label text NOT NULL,
  action text NOT NULL,
  from_status text,
  to_status text,
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX group_events_group_idx ON group_events (group_id, id);

CREATE TABLE group_costs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL,
  org_id uuid NOT NULL,
  category text NOT NULL CHECK (category IN ('room_rent', 'facilitator_fee', 'organiser_time', 'refreshments',
    'marketing', 'materials', 'travel', 'other')),
  amount_cents integer NOT NULL CHECK (amount_cents >= 0),
  incurred_on date NOT NULL,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX group_costs_group_idx ON group_costs (group_id);

-- ---------------------------------------------------------------- schedules and sessions
-- A recurrence in local wall-clock time (Europe/Helsinki): the RRULE is expanded in local
-- time and each occurrence converted to an instant, so 15:30 stays 15:30 across DST.
CREATE TABLE schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL,
  org_id uuid NOT NULL,
  rrule text NOT NULL CHECK (rrule ~ '^FREQ='),
  starts_local timestamp NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
  timezone text NOT NULL DEFAULT 'Europe/Helsinki',
  exdates timestamp[] NOT NULL DEFAULT '{}',
  venue_id uuid REFERENCES venues (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX schedules_group_idx ON schedules (group_id);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL,
  org_id uuid NOT NULL,
  schedule_id uuid REFERENCES schedules (id) ON DELETE SET NULL,
  -- the schedule slot this session came from (local time); NULL for extra sessions
  occurrence_local timestamp,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  cancel_reason_code text CHECK (cancel_reason_code IN ('holiday', 'facilitator_unavailable', 'venue_unavailable',
    'low_attendance', 'group_suspended', 'other')),
  cancel_reason text,
  -- true once someone changed this one session, so regenerating the schedule keeps it
  customised boolean NOT NULL DEFAULT false,
  plan_kind text NOT NULL DEFAULT 'regular' CHECK (plan_kind IN ('kickoff', 'theme', 'closing', 'regular', 'extra')),
  theme_key text,
  theme localized_text,
  venue_id uuid REFERENCES venues (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (status = 'cancelled' OR cancel_reason_code IS NULL),
  UNIQUE (schedule_id, occurrence_local),
  UNIQUE (id, org_id),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX sessions_group_starts_idx ON sessions (group_id, starts_at);
CREATE INDEX sessions_starts_idx ON sessions (starts_at);

-- Notes and guests of a session are internal to the organisation.
CREATE TABLE session_notes (
  session_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  notes text NOT NULL DEFAULT '',
  materials text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (session_id, org_id) REFERENCES sessions (id, org_id) ON DELETE CASCADE
);

CREATE TABLE session_guests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL,
  org_id uuid NOT NULL,
  name text NOT NULL,
  topic localized_text,
  affiliation text,
  name_public boolean NOT NULL DEFAULT false,
  FOREIGN KEY (session_id, org_id) REFERENCES sessions (id, org_id) ON DELETE CASCADE
);
CREATE INDEX session_guests_session_idx ON session_guests (session_id);

-- ---------------------------------------------------------------- row-level security
-- Visible to the public: published, running, suspended and ended groups. Everything else
-- belongs to the organisation (and is seen by the organisations above it in the hierarchy,
-- which the application puts into the access context).
CREATE FUNCTION group_is_public(status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT status IN ('published', 'running', 'suspended', 'ended')
$$;

ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organisations FORCE ROW LEVEL SECURITY;
CREATE POLICY organisations_read ON organisations FOR SELECT USING (true);
CREATE POLICY organisations_insert ON organisations FOR INSERT WITH CHECK (parent_id = ANY (app_org_ids()));
CREATE POLICY organisations_update ON organisations FOR UPDATE
  USING (id = ANY (app_org_ids())) WITH CHECK (id = ANY (app_org_ids()));

-- Tables readable by everyone, writable by their organisation.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['partners'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = ANY (app_org_ids())) WITH CHECK (org_id = ANY (app_org_ids()))', t || '_write', t);
  END LOOP;
  -- Catalogues with built-in rows (org_id NULL) that only the schema owner changes.
  FOREACH t IN ARRAY ARRAY['trainings', 'programme_templates'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = ANY (app_org_ids())) WITH CHECK (org_id = ANY (app_org_ids()))', t || '_write', t);
  END LOOP;
  -- Tables that belong to one organisation only.
  FOREACH t IN ARRAY ARRAY['project_targets', 'memberships', 'api_tokens', 'facilitators', 'training_records',
      'group_remote_details', 'board_decisions', 'group_costs', 'session_notes', 'session_guests'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = ANY (app_org_ids())) WITH CHECK (org_id = ANY (app_org_ids()))', t || '_org', t);
  END LOOP;
END $$;

ALTER TABLE template_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE template_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY template_sessions_read ON template_sessions FOR SELECT USING (true);
CREATE POLICY template_sessions_write ON template_sessions FOR ALL
  USING (EXISTS (SELECT 1 FROM programme_templates t WHERE t.id = template_id AND t.org_id = ANY (app_org_ids())))
  WITH CHECK (EXISTS (SELECT 1 FROM programme_templates t WHERE t.id = template_id AND t.org_id = ANY (app_org_ids())));

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_read ON users FOR SELECT USING (
  id = app_user_id()
  OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
CREATE POLICY users_update_self ON users FOR UPDATE USING (id = app_user_id()) WITH CHECK (id = app_user_id());

ALTER TABLE venues ENABLE ROW LEVEL SECURITY;
ALTER TABLE venues FORCE ROW LEVEL SECURITY;
CREATE POLICY venues_read ON venues FOR SELECT USING (
  org_id = ANY (app_org_ids())
  OR EXISTS (SELECT 1 FROM groups g WHERE g.venue_id = venues.id AND group_is_public(g.status))
  OR EXISTS (SELECT 1 FROM schedules s JOIN groups g ON g.id = s.group_id
             WHERE s.venue_id = venues.id AND group_is_public(g.status)));
CREATE POLICY venues_write ON venues FOR ALL USING (org_id = ANY (app_org_ids())) WITH CHECK (org_id = ANY (app_org_ids()));

ALTER TABLE groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE groups FORCE ROW LEVEL SECURITY;
CREATE POLICY groups_read ON groups FOR SELECT USING (group_is_public(status) OR org_id = ANY (app_org_ids()));
CREATE POLICY groups_write ON groups FOR ALL USING (org_id = ANY (app_org_ids())) WITH CHECK (org_id = ANY (app_org_ids()));

-- Rows that follow their group's visibility: public for public groups.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['schedules', 'sessions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (org_id = ANY (app_org_ids()) OR EXISTS (SELECT 1 FROM groups g WHERE g.id = group_id AND group_is_public(g.status)))', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = ANY (app_org_ids())) WITH CHECK (org_id = ANY (app_org_ids()))', t || '_write', t);
  END LOOP;
END $$;

ALTER TABLE group_partners ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_partners FORCE ROW LEVEL SECURITY;
CREATE POLICY group_partners_read ON group_partners FOR SELECT USING (EXISTS (SELECT 1 FROM groups g WHERE g.id = group_id));
CREATE POLICY group_partners_write ON group_partners FOR ALL
  USING (EXISTS (SELECT 1 FROM groups g WHERE g.id = group_id AND g.org_id = ANY (app_org_ids())))
  WITH CHECK (EXISTS (SELECT 1 FROM groups g WHERE g.id = group_id AND g.org_id = ANY (app_org_ids()))
    AND EXISTS (SELECT 1 FROM partners p WHERE p.id = partner_id AND p.org_id = ANY (app_org_ids())));

-- Facilitator assignments are internal; the public sees roles and kinds through
-- public_group_facilitation(), names only where the facilitator chose so.
ALTER TABLE group_facilitators ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_facilitators FORCE ROW LEVEL SECURITY;
CREATE POLICY group_facilitators_org ON group_facilitators FOR ALL
  USING (org_id = ANY (app_org_ids())) WITH CHECK (org_id = ANY (app_org_ids()));

ALTER TABLE group_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_events FORCE ROW LEVEL SECURITY;
CREATE POLICY group_events_read ON group_events FOR SELECT USING (org_id = ANY (app_org_ids()));
CREATE POLICY group_events_insert ON group_events FOR INSERT WITH CHECK (org_id = ANY (app_org_ids()));

-- Runs as the schema owner, so it checks the group's visibility itself.
CREATE FUNCTION public_group_facilitation(p_group_id uuid)
RETURNS TABLE (role text, kind text, engagement text, profession text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT gf.role, f.kind, f.engagement, f.profession,
         CASE WHEN f.name_public OR f.org_id = ANY (app_org_ids()) THEN f.display_name END
  FROM groups g
  JOIN group_facilitators gf ON gf.group_id = g.id
  JOIN facilitators f ON f.id = gf.facilitator_id
  WHERE g.id = p_group_id AND (group_is_public(g.status) OR g.org_id = ANY (app_org_ids()))
  ORDER BY CASE gf.role WHEN 'convener' THEN 0 WHEN 'lead' THEN 1 ELSE 2 END, f.kind DESC, f.id
$$;
REVOKE ALL ON FUNCTION public_group_facilitation(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public_group_facilitation(uuid) TO vertaamo_app;

-- ---------------------------------------------------------------- privileges
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vertaamo_app;
REVOKE ALL ON schema_migrations, login_sessions FROM vertaamo_app;
REVOKE UPDATE, DELETE, TRUNCATE ON group_events FROM vertaamo_app;
REVOKE INSERT, DELETE ON users FROM vertaamo_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO vertaamo_app;
