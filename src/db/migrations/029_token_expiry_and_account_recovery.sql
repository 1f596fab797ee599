-- Issue 12, findings 10 and 14.
--
-- API tokens no longer live for ever: every token has an expiry (tokens made before this
-- migration without one get 90 days from now), and when it was last used is kept for the
-- list admins see. A token made by a person dies with that person's account (the creator is
-- checked on every request, src/accounts/service.ts); a deleted account takes its tokens
-- with it rather than leaving them without a creator, like the command line's.
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '90 days' WHERE expires_at IS NULL;
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_created_by_fkey;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_created_by_fkey
  FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE CASCADE;

-- A login session gets a handle that can be shown to its owner (the primary key is the hash
-- of the cookie's secret and stays on the server) and a short description of the browser
-- ("Firefox on Linux"), never the address or the full user agent.
ALTER TABLE login_sessions ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE login_sessions ADD CONSTRAINT login_sessions_id_key UNIQUE (id);
ALTER TABLE login_sessions ADD COLUMN browser text CHECK (length(browser) <= 100);

-- Password reset by an emailed single-use link: only the SHA-256 of the link's secret is
-- stored; the secret itself waits sealed with its queued email (outbox, field link_secret)
-- and is erased once the mail has left. Only the schema owner (the sign-in code) reads or
-- writes these tables.
CREATE TABLE password_reset_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX password_reset_links_user_idx ON password_reset_links (user_id);
CREATE INDEX password_reset_links_expiry_idx ON password_reset_links (expires_at);
ALTER TABLE password_reset_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_reset_links FORCE ROW LEVEL SECURITY;
CREATE POLICY password_reset_links_none ON password_reset_links FOR ALL USING (false) WITH CHECK (false);
REVOKE ALL ON password_reset_links FROM vertaamo_app;

-- Requests for a reset link and wrong current passwords when changing one, to throttle them
-- per address asked about, per client address and per account. Keys are hashes; known and
-- unknown addresses are recorded and throttled alike.
CREATE TABLE password_attempts (
  id bigserial PRIMARY KEY,
  key_hash text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX password_attempts_key_idx ON password_attempts (key_hash, at);
ALTER TABLE password_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY password_attempts_none ON password_attempts FOR ALL USING (false) WITH CHECK (false);
REVOKE ALL ON password_attempts FROM vertaamo_app;

-- The link goes out through the outbox like every message. The kinds are extended in place,
-- whatever other migrations of the same release added to the list.
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint WHERE conname = 'outbox_kind_check';
  IF def NOT LIKE '%''password_reset''%' THEN
    ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
    EXECUTE 'ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check '
      || regexp_replace(def, '\]\)\)+$', ', ''password_reset''::text' || substring(def from '\]\)\)+$'));
  END IF;
END $$;
