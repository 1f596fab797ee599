-- Finding 8 of issue 12: a facilitator's name that they did not make public is for the
-- coordinators and admins of the organisation and the group's own people, not for every
-- member (referrers, the board, facilitators of other groups). The function tells the
-- application whether each name is public, so that it can withhold the others per role
-- (groupAccess in src/accounts/permissions.ts); what it returns to other organisations and
-- to the public is unchanged.
CREATE FUNCTION group_facilitation_many(p_group_ids uuid[])
RETURNS TABLE (group_id uuid, role text, kind text, engagement text, profession text, name text, name_public boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT g.id, gf.role, f.kind, f.engagement, f.profession,
         CASE WHEN f.name_public OR f.org_id = ANY (app_org_ids()) THEN f.display_name END,
         f.name_public
  FROM groups g
  JOIN group_facilitators gf ON gf.group_id = g.id
  JOIN facilitators f ON f.id = gf.facilitator_id
  WHERE g.id = ANY (p_group_ids) AND (group_is_public(g.status) OR g.org_id = ANY (app_org_ids()))
  ORDER BY g.id, CASE gf.role WHEN 'convener' THEN 0 WHEN 'lead' THEN 1 ELSE 2 END, f.kind DESC, f.id
$$;
REVOKE ALL ON FUNCTION group_facilitation_many(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION group_facilitation_many(uuid[]) TO vertaamo_app;
