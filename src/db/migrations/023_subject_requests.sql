-- Data subject requests (GDPR arts. 15, 17 and 20) without an account: a person asks with
-- their email address, gets a single-use link by email and, through it, a short session in
-- which they see, export or erase what is held about that address. Links and sessions are
-- stored as hashes only; the address is kept only as long as the link or session lives
-- and is deleted on erasure and when expired. Only the schema owner (the request code,
-- which works across organisations for the person) reads or writes these tables.
CREATE TABLE subject_request_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  token_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  -- after the link is used: the browser session (a cookie) it was exchanged for
  session_hash bytea UNIQUE,
  session_expires_at timestamptz
);
CREATE INDEX subject_request_links_expiry_idx ON subject_request_links (expires_at);
REVOKE ALL ON subject_request_links FROM vertaamo_app;

-- Requests for a link, to throttle them per address asked about and per client address.
-- Keys are hashes; known and unknown addresses are recorded and throttled alike.
CREATE TABLE subject_request_attempts (
  id bigserial PRIMARY KEY,
  key_hash text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX subject_request_attempts_key_idx ON subject_request_attempts (key_hash, at);
REVOKE ALL ON subject_request_attempts FROM vertaamo_app;

-- The link goes out through the outbox like every message.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('registration_confirmed', 'registration_waitlisted',
  'registration_promoted', 'registration_cancelled', 'session_reminder', 'session_cancelled', 'session_moved',
  'group_suspended', 'organiser_message', 'listing_stale_reminder', 'staff_invitation', 'data_request_link'));

-- Every export and erasure is written to the access log of each organisation involved.
ALTER TABLE data_access_log DROP CONSTRAINT data_access_log_action_check;
ALTER TABLE data_access_log ADD CONSTRAINT data_access_log_action_check
  CHECK (action IN ('registrations.list', 'registrations.export', 'registration.remove', 'applications.list',
    'attendance.read', 'registration.create', 'registration.add', 'registration.cancel', 'registration.promote',
    'referral.create', 'referral.accept', 'referral.decline', 'application.create', 'application.place',
    'application.decline', 'attendance.record', 'answers.update', 'retention.anonymise',
    'subject.export', 'subject.erase'));
