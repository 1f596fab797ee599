-- Failed sign-ins, to slow down password guessing per account and per address. Keys are
-- hashes (never an email or address in clear); rows older than the window are deleted as
-- new failures arrive. Only the schema owner (the sign-in code) reads or writes them.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  key_hash text NOT NULL,
  failed_at timestamptz NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (key_hash, failed_at);
CREATE INDEX login_failures_time_idx ON login_failures (failed_at);
REVOKE ALL ON login_failures FROM vertaamo_app;
