-- A version number for everything the finder shows, so a cache of search results can be
-- exact rather than time-based: any change to the catalogue bumps it in the same
-- transaction, and results cached under an older version are never served again.
-- `epoch` tells databases apart (a process may talk to several, e.g. in tests).
CREATE TABLE catalogue_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  epoch uuid NOT NULL DEFAULT gen_random_uuid(),
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO catalogue_version DEFAULT VALUES;
ALTER TABLE catalogue_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalogue_version FORCE ROW LEVEL SECURITY;
CREATE POLICY catalogue_version_read ON catalogue_version FOR SELECT USING (true);
-- Only the trigger function below (running as the owner) changes it.
CREATE POLICY catalogue_version_bump ON catalogue_version FOR UPDATE USING (true) WITH CHECK (true);
REVOKE ALL ON catalogue_version FROM vertaamo_app;
GRANT SELECT ON catalogue_version TO vertaamo_app;

-- Bumped at commit (a deferred trigger) and once per transaction: the version row is the
-- last lock a writing transaction takes, so it cannot take part in a deadlock with the rows
-- the transaction changed, and it stays locked only for the commit itself. A reader sees the
-- new number only together with the new data.
CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  IF coalesce(current_setting('vertaamo.catalogue_bumped', true), '') <> 'on' THEN
    PERFORM set_config('vertaamo.catalogue_bumped', 'on', true);
    UPDATE catalogue_version SET version = version + 1;
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION bump_catalogue_version() FROM PUBLIC;

-- Marks at once that this transaction changed the catalogue: its own searches see data
-- nobody else sees yet, so they must neither read nor fill the shared cache.
CREATE FUNCTION mark_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('vertaamo.catalogue_changed', 'on', true);
  RETURN NULL;
END $$;

-- Everything a search or a search result reads: groups and their search words, sessions,
-- venues, organisations, facilitation, partners and programmes.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['groups', 'sessions', 'venues', 'organisations', 'group_facilitators', 'facilitators',
    'group_partners', 'partners', 'programme_templates', 'search_words', 'municipality_names']
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_catalogue_version()',
      t || '_bump_catalogue_version', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION mark_catalogue_changed()', t || '_mark_catalogue_changed', t);
  END LOOP;
END $$;
