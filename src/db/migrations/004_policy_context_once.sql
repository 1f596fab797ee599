-- Row-level security reads the caller's organisations once per statement, not once per row:
-- a policy's `org_id = ANY (app_org_ids())` becomes `org_id = ANY ((SELECT app_org_ids())::uuid[])`,
-- which PostgreSQL evaluates as an init plan. Same meaning, far less work on large scans.
DO $$
DECLARE
  p record;
  new_qual text;
  new_check text;
  stmt text;
BEGIN
  FOR p IN SELECT schemaname, tablename, policyname, qual, with_check FROM pg_policies WHERE schemaname = 'public' LOOP
    new_qual := replace(p.qual, 'ANY (app_org_ids())', 'ANY ((SELECT app_org_ids())::uuid[])');
    new_check := replace(p.with_check, 'ANY (app_org_ids())', 'ANY ((SELECT app_org_ids())::uuid[])');
    IF new_qual IS DISTINCT FROM p.qual OR new_check IS DISTINCT FROM p.with_check THEN
      stmt := format('ALTER POLICY %I ON %I.%I', p.policyname, p.schemaname, p.tablename);
      IF new_qual IS NOT NULL THEN stmt := stmt || format(' USING (%s)', new_qual); END IF;
      IF new_check IS NOT NULL THEN stmt := stmt || format(' WITH CHECK (%s)', new_check); END IF;
      EXECUTE stmt;
    END IF;
  END LOOP;
END $$;
