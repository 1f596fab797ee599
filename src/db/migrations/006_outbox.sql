-- Messages to people (participants, staff), written in the same transaction as the change
-- they tell about and delivered afterwards by a worker: a rolled-back change sends nothing,
-- a committed one is never forgotten.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  org_id uuid REFERENCES organisations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('registration_confirmed', 'registration_waitlisted', 'registration_promoted',
    'registration_cancelled', 'session_reminder', 'session_cancelled', 'session_moved', 'group_suspended')),
  registration_id uuid REFERENCES registrations (id) ON DELETE CASCADE,
  recipient text NOT NULL CHECK (recipient ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  subject text NOT NULL,
  body text NOT NULL,
  -- the same message is never queued twice (e.g. one reminder per session and person)
  dedupe_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  send_after timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz,
  -- 'smtp' when handed to the SMTP server, 'mailbox' when kept for the development mailbox
  delivered_via text CHECK (delivered_via IN ('smtp', 'mailbox')),
  failed_at timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (send_after, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_registration_idx ON outbox (registration_id);

-- Messages carry personal data: only their organisation's transactions see them; the
-- delivery worker runs as the system.
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_org ON outbox FOR ALL
  USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]));
GRANT SELECT, INSERT ON outbox TO vertaamo_app;
GRANT USAGE ON SEQUENCE outbox_id_seq TO vertaamo_app;
