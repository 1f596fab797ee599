-- Who looked at or exported participants' personal data, and when. Append-only for the
-- application: it may add entries and read its own organisation's, never change them.
CREATE TABLE data_access_log (
  id bigserial PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  actor_label text NOT NULL,
  action text NOT NULL CHECK (action IN ('registrations.list', 'registrations.export', 'registration.remove')),
  group_id uuid REFERENCES groups (id) ON DELETE CASCADE,
  records integer NOT NULL DEFAULT 0,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_access_log_org_idx ON data_access_log (org_id, at);
ALTER TABLE data_access_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE data_access_log FORCE ROW LEVEL SECURITY;
CREATE POLICY data_access_log_read ON data_access_log FOR SELECT USING (org_id = ANY ((SELECT app_org_ids())::uuid[]));
CREATE POLICY data_access_log_add ON data_access_log FOR INSERT WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]));
GRANT SELECT, INSERT ON data_access_log TO vertaamo_app;
GRANT USAGE ON SEQUENCE data_access_log_id_seq TO vertaamo_app;
