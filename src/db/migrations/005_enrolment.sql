-- Joining a group: registrations with a waiting list, and seat counters that a constraint
-- keeps within the group's capacity.

-- Arrival order across all groups; a waiting list is ordered by it.
CREATE SEQUENCE registration_arrival;

CREATE TABLE registrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL,
  org_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
  arrival bigint NOT NULL DEFAULT nextval('registration_arrival'),
  -- minimum personal data: a name or nickname and one way to reach the person
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  email text CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND length(email) <= 254),
  phone text CHECK (phone ~ '^\+?[0-9 ()-]{6,20}$'),
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  answers jsonb NOT NULL DEFAULT '{}',
  consent_at timestamptz NOT NULL,
  -- the cancel link's secret, stored hashed like a password reset token
  cancel_token_hash bytea NOT NULL UNIQUE,
  idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  CHECK (email IS NOT NULL OR phone IS NOT NULL),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  UNIQUE (group_id, idempotency_key),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);
CREATE INDEX registrations_group_status_idx ON registrations (group_id, status, arrival);

-- One row per group with a capacity or a waiting list: the counters every seat decision
-- reads under a row lock, and the constraint that makes an eleventh seat in a ten-seat
-- group impossible whatever the code above it does.
CREATE TABLE group_seats (
  group_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  capacity integer CHECK (capacity > 0),
  waitlist_capacity integer CHECK (waitlist_capacity >= 0),
  confirmed integer NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
  waitlisted integer NOT NULL DEFAULT 0 CHECK (waitlisted >= 0),
  CONSTRAINT group_seats_within_capacity CHECK (capacity IS NULL OR confirmed <= capacity),
  CONSTRAINT group_seats_within_waitlist CHECK (waitlist_capacity IS NULL OR waitlisted <= waitlist_capacity),
  FOREIGN KEY (group_id, org_id) REFERENCES groups (id, org_id) ON DELETE CASCADE
);

INSERT INTO group_seats (group_id, org_id, capacity, waitlist_capacity)
  SELECT id, org_id, capacity, waitlist_capacity FROM groups;

-- The group's capacity is copied to its counters; lowering it below the confirmed count
-- fails on group_seats_within_capacity and rolls the change back.
CREATE FUNCTION group_seats_follow_group() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO group_seats (group_id, org_id, capacity, waitlist_capacity)
    VALUES (NEW.id, NEW.org_id, NEW.capacity, NEW.waitlist_capacity)
  ON CONFLICT (group_id) DO UPDATE
    SET capacity = EXCLUDED.capacity, waitlist_capacity = EXCLUDED.waitlist_capacity
    WHERE (group_seats.capacity, group_seats.waitlist_capacity)
      IS DISTINCT FROM (EXCLUDED.capacity, EXCLUDED.waitlist_capacity);
  RETURN NULL;
END
$$;
CREATE TRIGGER groups_seats_follow AFTER INSERT OR UPDATE OF capacity, waitlist_capacity ON groups
  FOR EACH ROW EXECUTE FUNCTION group_seats_follow_group();

-- The counters follow the registrations in the same statement, so they can never drift.
CREATE FUNCTION group_seats_count() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  old_c int := 0; old_w int := 0; new_c int := 0; new_w int := 0;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    old_c := (OLD.status = 'confirmed')::int; old_w := (OLD.status = 'waitlisted')::int;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    new_c := (NEW.status = 'confirmed')::int; new_w := (NEW.status = 'waitlisted')::int;
  END IF;
  IF new_c <> old_c OR new_w <> old_w THEN
    UPDATE group_seats SET confirmed = confirmed + new_c - old_c, waitlisted = waitlisted + new_w - old_w
      WHERE group_id = coalesce(NEW.group_id, OLD.group_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER registrations_count AFTER INSERT OR UPDATE OF status OR DELETE ON registrations
  FOR EACH ROW EXECUTE FUNCTION group_seats_count();

-- Personal data: only the organisation's staff read registrations. The public joins and
-- cancels through the service, which runs those steps as the system and returns only the
-- person's own registration.
ALTER TABLE registrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE registrations FORCE ROW LEVEL SECURITY;
CREATE POLICY registrations_org ON registrations FOR ALL
  USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]));

-- Seat counts are public for public groups (seats_available, waitlist_length).
ALTER TABLE group_seats ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_seats FORCE ROW LEVEL SECURITY;
CREATE POLICY group_seats_read ON group_seats FOR SELECT
  USING (org_id = ANY ((SELECT app_org_ids())::uuid[]) OR EXISTS (SELECT 1 FROM groups g WHERE g.id = group_id));
CREATE POLICY group_seats_org ON group_seats FOR ALL
  USING (org_id = ANY ((SELECT app_org_ids())::uuid[])) WITH CHECK (org_id = ANY ((SELECT app_org_ids())::uuid[]));

GRANT SELECT, INSERT, UPDATE ON registrations TO vertaamo_app;
-- UPDATE only so the seat row can be locked (SELECT … FOR UPDATE); the counters change by trigger.
GRANT SELECT, UPDATE ON group_seats TO vertaamo_app;
GRANT USAGE ON SEQUENCE registration_arrival TO vertaamo_app;
