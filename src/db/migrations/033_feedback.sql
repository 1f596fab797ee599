-- Anonymous feedback (issue 14, section 1; docs/privacy.md "Anonymous feedback").
--
-- A response is anonymous by construction: it holds the group, the day it was given, the
-- variant of the form and the answers, and nothing that points at a person or at the way it
-- arrived (no registration, email, phone, address, time of day, link or code). Emailed links
-- keep only the SHA-256 of their secret and whether they were used; the secret itself waits
-- sealed with its queued email and is erased once the mail has left.

-- How often an ongoing group (no end date) asks for feedback: after every N held sessions.
ALTER TABLE organisations ADD COLUMN feedback_every_sessions integer NOT NULL DEFAULT 6
  CHECK (feedback_every_sessions BETWEEN 1 AND 100);

-- An organisation's own questions, asked after the standard statements on the same scale.
CREATE TABLE feedback_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 5),
  text localized_text NOT NULL,
  UNIQUE (org_id, position)
);

-- A round of emailed links: one when a fixed-term group has held its last session, and for an
-- ongoing group one after every N held sessions. `after_sessions` makes each round happen once.
CREATE TABLE feedback_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  group_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('end', 'every')),
  after_sessions integer NOT NULL CHECK (after_sessions > 0),
  created_on date NOT NULL,
  links integer NOT NULL DEFAULT 0 CHECK (links >= 0),
  UNIQUE (group_id, kind, after_sessions),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX feedback_rounds_one_end ON feedback_rounds (group_id) WHERE kind = 'end';

-- One emailed single-use link. No registration, no address, no time of use: only whether it
-- was used. Nothing refers from a response to a link.
CREATE TABLE feedback_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  group_id uuid NOT NULL,
  round_id uuid NOT NULL REFERENCES feedback_rounds (id) ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE,
  expires_on date NOT NULL,
  used boolean NOT NULL DEFAULT false,
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX feedback_links_round_idx ON feedback_links (round_id);

-- A drop-in group's short code, typed on /{lang}/feedback or read from the QR code. It takes
-- many answers (throttled per client and per code).
CREATE TABLE feedback_codes (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z2-9]{6}$'),
  org_id uuid NOT NULL,
  group_id uuid NOT NULL UNIQUE,
  created_on date NOT NULL,
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);

-- The answers. `answers` maps a statement key (or `q:` and an own question's id) to 1–5, or to
-- null for "does not apply"; a statement left unanswered is absent.
CREATE TABLE feedback_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  group_id uuid NOT NULL,
  answered_on date NOT NULL,
  variant text NOT NULL CHECK (variant IN ('adult', 'child')),
  overall smallint CHECK (overall BETWEEN 1 AND 5),
  answers jsonb NOT NULL DEFAULT '{}',
  free_text text CHECK (length(free_text) <= 2000),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX feedback_responses_group_idx ON feedback_responses (group_id, answered_on);
CREATE INDEX feedback_responses_org_idx ON feedback_responses (org_id, answered_on);

-- Drop-in answers and wrong codes per client and per code, to throttle them (like
-- registration_attempts). Keys are hashes. Only the schema owner reads or writes them.
CREATE TABLE feedback_attempts (
  id bigserial PRIMARY KEY,
  key_hash text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX feedback_attempts_key_idx ON feedback_attempts (key_hash, at);
CREATE INDEX feedback_attempts_time_idx ON feedback_attempts (at);
ALTER TABLE feedback_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE feedback_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY feedback_attempts_none ON feedback_attempts FOR ALL USING (false) WITH CHECK (false);
REVOKE ALL ON feedback_attempts FROM vertaamo_app;

-- Row-level security: everything inside the organisation. The public form's steps (finding a
-- link or a code, saving an answer) run for the group's organisation only, as a system step.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['feedback_questions', 'feedback_rounds', 'feedback_links', 'feedback_codes',
      'feedback_responses'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]))', t || '_org', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON feedback_questions, feedback_rounds, feedback_links, feedback_codes,
  feedback_responses TO vertaamo_app;

-- The emailed link goes out through the outbox; the kinds are extended in place, whatever
-- other migrations of the same release added to the list.
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint WHERE conname = 'outbox_kind_check';
  IF def NOT LIKE '%''feedback_request''%' THEN
    ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
    EXECUTE 'ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check '
      || regexp_replace(def, '\]\)\)+$', ', ''feedback_request''::text' || substring(def from '\]\)\)+$'));
  END IF;
END $$;
