-- Invitations: a coordinator or admin invites a person by email to a role in the
-- organisation. Only the SHA-256 of the invitation token is stored; the token itself lives
-- only in the link that is mailed. An invitation is used once, lapses after its expiry and
-- can be revoked; a person accepting it gets exactly one membership.
CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  email text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'board_member', 'facilitator', 'referrer')),
  -- the language of the invitation email and of the accept page
  language text NOT NULL DEFAULT 'fi' CHECK (language IN ('fi', 'sv', 'en')),
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
  invited_by_label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  revoked_at timestamptz,
  CHECK (expires_at > created_at),
  CHECK (accepted_at IS NULL OR revoked_at IS NULL)
);
CREATE INDEX invitations_org_idx ON invitations (org_id, created_at);
-- One open invitation per person and role in an organisation.
CREATE UNIQUE INDEX invitations_open_key ON invitations (org_id, email, role)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_org ON invitations FOR ALL
  USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]));
GRANT SELECT, INSERT, UPDATE ON invitations TO vertaamo_app;

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('registration_confirmed', 'registration_waitlisted',
  'registration_promoted', 'registration_cancelled', 'session_reminder', 'session_cancelled', 'session_moved',
  'group_suspended', 'organiser_message', 'listing_stale_reminder', 'staff_invitation'));
