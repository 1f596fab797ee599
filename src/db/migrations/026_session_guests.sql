-- Guest experts of one session, e.g. a public health nurse who talks about sleep (the
-- session_guests table of 001, now put to use). Minimal personal data: a name, optionally a
-- profession or background, the topic, and whether the name may be shown publicly; no
-- contact details. The rows stay inside the organisation (row-level security,
-- session_guests_org). The public sees a guest's topic only, and the name and background
-- only where the organiser marked them public, through public_session_guests below.

ALTER TABLE session_guests ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE session_guests ALTER COLUMN topic SET NOT NULL;
ALTER TABLE session_guests ADD CONSTRAINT session_guests_name_length
  CHECK (char_length(name) BETWEEN 1 AND 200);
ALTER TABLE session_guests ADD CONSTRAINT session_guests_affiliation_length
  CHECK (affiliation IS NULL OR char_length(affiliation) BETWEEN 1 AND 200);

-- The public view of the guests of sessions the caller may see (a public group's, or one of
-- the caller's organisations'). Runs as the schema owner, so it checks the group's visibility
-- itself; the name and background only where name_public is set, whoever asks.
CREATE FUNCTION public_session_guests(p_session_ids uuid[])
RETURNS TABLE (session_id uuid, topic jsonb, name text, affiliation text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT sg.session_id, sg.topic::jsonb,
         CASE WHEN sg.name_public THEN sg.name END,
         CASE WHEN sg.name_public THEN sg.affiliation END
  FROM session_guests sg
  JOIN sessions s ON s.id = sg.session_id
  JOIN groups g ON g.id = s.group_id
  WHERE sg.session_id = ANY (p_session_ids)
    AND (group_is_public(g.status) OR g.org_id = ANY (app_org_ids()))
  ORDER BY sg.session_id, sg.created_at, sg.id
$$;
REVOKE ALL ON FUNCTION public_session_guests(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public_session_guests(uuid[]) TO vertaamo_app;
