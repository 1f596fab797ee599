-- Organisers write to everyone in a group; drop-in groups count anonymous "I'm coming" clicks.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('registration_confirmed', 'registration_waitlisted',
  'registration_promoted', 'registration_cancelled', 'session_reminder', 'session_cancelled', 'session_moved',
  'group_suspended', 'organiser_message'));

-- No personal data: a number per session, nothing about who clicked.
ALTER TABLE sessions ADD COLUMN coming_count integer NOT NULL DEFAULT 0 CHECK (coming_count >= 0);
