-- Special-category values stored apart from their rows and encrypted by the application
-- (AES-256-GCM, src/privacy/crypto.ts): registration answers and application facts. The
-- database holds only ciphertext, nonce and the id of the key; the keys live outside it.
--
-- The plaintext already in registrations.answers and applications.facts cannot be encrypted
-- here (SQL never sees the key): the application seals those leftovers and empties the
-- columns when it starts (`vertaamo serve`) and in `vertaamo rotate-keys`.
CREATE TABLE sealed_values (
  id bigserial PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  registration_id uuid REFERENCES registrations (id) ON DELETE CASCADE,
  application_id uuid REFERENCES applications (id) ON DELETE CASCADE,
  field text NOT NULL CHECK (field IN ('answers', 'facts')),
  key_id text NOT NULL CHECK (key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
  nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
  -- the ciphertext followed by the 16-byte authentication tag
  ciphertext bytea NOT NULL CHECK (octet_length(ciphertext) >= 16),
  sealed_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((registration_id IS NULL) <> (application_id IS NULL)),
  CHECK ((field = 'answers') = (registration_id IS NOT NULL)),
  UNIQUE (registration_id, field),
  UNIQUE (application_id, field)
);
CREATE INDEX sealed_values_key_idx ON sealed_values (key_id);
CREATE INDEX sealed_values_org_idx ON sealed_values (org_id);
ALTER TABLE sealed_values ENABLE ROW LEVEL SECURITY;
ALTER TABLE sealed_values FORCE ROW LEVEL SECURITY;
CREATE POLICY sealed_values_org ON sealed_values FOR ALL
  USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]));
GRANT SELECT, INSERT, UPDATE, DELETE ON sealed_values TO vertaamo_app;
GRANT USAGE ON SEQUENCE sealed_values_id_seq TO vertaamo_app;

-- The access log becomes the one audit log: every read and every change of participants'
-- personal data and of referral or child-welfare information, with what was done (operation)
-- and why (purpose), written in the same transaction as the change. Still append-only for
-- the application role (SELECT and INSERT only, 007).
ALTER TABLE data_access_log DROP CONSTRAINT data_access_log_action_check;
ALTER TABLE data_access_log ADD CONSTRAINT data_access_log_action_check
  CHECK (action IN ('registrations.list', 'registrations.export', 'registration.remove', 'applications.list',
    'attendance.read', 'registration.create', 'registration.add', 'registration.cancel', 'registration.promote',
    'referral.create', 'referral.accept', 'referral.decline', 'application.create', 'application.place',
    'application.decline', 'attendance.record', 'answers.update', 'retention.anonymise'));
ALTER TABLE data_access_log ADD COLUMN operation text NOT NULL DEFAULT 'read'
  CHECK (operation IN ('read', 'create', 'update', 'delete', 'export', 'erase'));
ALTER TABLE data_access_log ADD COLUMN purpose text NOT NULL DEFAULT 'group administration'
  CHECK (purpose IN ('group administration', 'referral handling', 'attendance', 'retention',
    'data subject request'));
ALTER TABLE data_access_log ADD COLUMN subject_type text
  CHECK (subject_type IN ('registration', 'application', 'session', 'group'));
ALTER TABLE data_access_log ADD COLUMN subject_id uuid;
ALTER TABLE data_access_log ADD CHECK ((subject_type IS NULL) = (subject_id IS NULL));
UPDATE data_access_log SET operation = 'export' WHERE action = 'registrations.export';
UPDATE data_access_log SET operation = 'delete' WHERE action = 'registration.remove';
UPDATE data_access_log SET purpose = 'attendance' WHERE action = 'attendance.read';
-- Log rows about a subject are found by it (a data subject request asks "who saw me").
CREATE INDEX data_access_log_subject_idx ON data_access_log (subject_id) WHERE subject_id IS NOT NULL;
