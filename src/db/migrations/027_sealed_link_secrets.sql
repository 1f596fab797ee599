-- No queued email holds a bearer secret in clear any more: besides the cancel link of a
-- confirmation or waiting-list email (025), the accept link of a staff invitation and the
-- link of a my-data request. The stored body holds a placeholder, the secret is sealed apart
-- by the application (src/privacy/crypto.ts, field 'link_secret' of an outbox row; values
-- sealed as 'cancel_token' before this migration are still opened) and put into the mail
-- only as it leaves; once the mail server has the mail, or delivery is given up, the sealed
-- secret is erased.
--
-- A my-data link goes to a person, not for an organisation: its outbox row has no org_id,
-- nor has its sealed secret. Such rows are invisible to the application role (the policy
-- sealed_values_org compares org_id); only the schema owner (delivery, my-data) reads them.
ALTER TABLE sealed_values ALTER COLUMN org_id DROP NOT NULL;
ALTER TABLE sealed_values ADD CONSTRAINT sealed_values_org_check CHECK (org_id IS NOT NULL OR outbox_id IS NOT NULL);
ALTER TABLE sealed_values DROP CONSTRAINT sealed_values_field_check;
ALTER TABLE sealed_values ADD CONSTRAINT sealed_values_field_check CHECK (
  (field = 'answers' AND registration_id IS NOT NULL) OR (field = 'facts' AND application_id IS NOT NULL)
  OR (field = 'notes' AND session_id IS NOT NULL)
  OR (field IN ('link_secret', 'cancel_token') AND outbox_id IS NOT NULL));

-- Mail handed to the mail server or given up keeps no secret in its body. Mail still waiting,
-- and mail kept for the development mailbox, cannot be sealed here (SQL never sees the key):
-- the application seals those secrets when it starts (`vertaamo serve`) and in
-- `vertaamo rotate-keys`, and cuts any it finds from a body once the mail is sent.
UPDATE outbox
SET body = regexp_replace(body, '(/registrations/|/staff/invitation\?token=|/my-data/link/)[A-Za-z0-9_-]{43}', '\1{link-secret}', 'g')
WHERE ((sent_at IS NOT NULL AND delivered_via IS DISTINCT FROM 'mailbox') OR failed_at IS NOT NULL)
  AND body ~ '(/registrations/|/staff/invitation\?token=|/my-data/link/)[A-Za-z0-9_-]{43}';
