-- Passkeys (WebAuthn credentials) that staff sign in with beside their passwords, and the
-- single-use challenges the server hands out for creating and using them.

-- A passkey belongs to one account; the application reads and changes only the signed-in
-- person's own (the policy), and the sign-in code finds one by its credential id as the
-- schema owner, before anyone is signed in.
CREATE TABLE passkeys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- the authenticator's credential id, base64url as the browser reports it
  credential_id text NOT NULL UNIQUE CHECK (char_length(credential_id) BETWEEN 1 AND 1400),
  -- the COSE public key the signatures are checked with
  public_key bytea NOT NULL,
  -- the signature counter last seen; a sign-in must show a greater one (when the authenticator counts)
  counter bigint NOT NULL DEFAULT 0 CHECK (counter >= 0),
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX passkeys_user_idx ON passkeys (user_id);

ALTER TABLE passkeys ENABLE ROW LEVEL SECURITY;
ALTER TABLE passkeys FORCE ROW LEVEL SECURITY;
CREATE POLICY passkeys_own ON passkeys FOR ALL
  USING (user_id = (SELECT app_user_id()))
  WITH CHECK (user_id = (SELECT app_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON passkeys TO vertaamo_app;

-- Challenges live here and never in the browser: each is bound to the browser that asked
-- (a hash of its pre-sign-in cookie or login session), used once (deleted when checked) and
-- short-lived. Only the schema owner (the sign-in code) reads or writes them.
CREATE TABLE webauthn_challenges (
  challenge text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('register', 'authenticate')),
  binding_hash text NOT NULL,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX webauthn_challenges_expiry_idx ON webauthn_challenges (expires_at);
REVOKE ALL ON webauthn_challenges FROM vertaamo_app;
