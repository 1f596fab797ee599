-- Two more kinds of values are sealed by the application (src/privacy/crypto.ts):
--
-- * a session's notes for the facilitators and its materials (session_notes.notes and
--   .materials, special category: they may say things about the participants). The
--   plaintext already in those columns cannot be encrypted here (SQL never sees the key):
--   the application reads it as a leftover until it seals it and empties the columns, on
--   the next save, when it starts (`vertaamo serve`) and in `vertaamo rotate-keys`.
-- * the secret of a registration's cancel link in a queued confirmation or waiting-list
--   email: the stored body holds a placeholder, the token is sealed apart and put into the
--   mail only as it leaves; once the mail is handed to the SMTP server, or given up, the
--   sealed token is erased.
ALTER TABLE sealed_values ADD COLUMN session_id uuid REFERENCES session_notes (session_id) ON DELETE CASCADE;
ALTER TABLE sealed_values ADD COLUMN outbox_id bigint REFERENCES outbox (id) ON DELETE CASCADE;
ALTER TABLE sealed_values DROP CONSTRAINT sealed_values_check;
ALTER TABLE sealed_values DROP CONSTRAINT sealed_values_check1;
ALTER TABLE sealed_values DROP CONSTRAINT sealed_values_field_check;
ALTER TABLE sealed_values ADD CONSTRAINT sealed_values_one_owner
  CHECK (num_nonnulls(registration_id, application_id, session_id, outbox_id) = 1);
ALTER TABLE sealed_values ADD CONSTRAINT sealed_values_field_check CHECK (
  (field = 'answers' AND registration_id IS NOT NULL) OR (field = 'facts' AND application_id IS NOT NULL)
  OR (field = 'notes' AND session_id IS NOT NULL) OR (field = 'cancel_token' AND outbox_id IS NOT NULL));
ALTER TABLE sealed_values ADD CONSTRAINT sealed_values_session_id_field_key UNIQUE (session_id, field);
ALTER TABLE sealed_values ADD CONSTRAINT sealed_values_outbox_id_field_key UNIQUE (outbox_id, field);

-- Mail already sent or given up keeps no cancel secret in its body; mail still waiting is
-- sent as it was written and loses the secret from its body once sent.
UPDATE outbox SET body = regexp_replace(body, '/registrations/[A-Za-z0-9_-]{43}/cancel', '/registrations/{cancel-token}/cancel', 'g')
WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL) AND body ~ '/registrations/[A-Za-z0-9_-]{43}/cancel';

-- Reading and writing session notes is written to the audit log (every earlier action stays).
ALTER TABLE data_access_log DROP CONSTRAINT data_access_log_action_check;
ALTER TABLE data_access_log ADD CONSTRAINT data_access_log_action_check
  CHECK (action IN ('registrations.list', 'registrations.export', 'registration.remove', 'applications.list',
    'attendance.read', 'registration.create', 'registration.add', 'registration.cancel', 'registration.promote',
    'referral.create', 'referral.accept', 'referral.decline', 'application.create', 'application.place',
    'application.decline', 'attendance.record', 'answers.update', 'retention.anonymise',
    'subject.export', 'subject.erase', 'session_notes.read', 'session_notes.update'));
-- The audit log page filters by action and time, newest first, within one organisation.
CREATE INDEX data_access_log_org_action_idx ON data_access_log (org_id, action, id);
