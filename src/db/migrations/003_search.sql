-- Finding a group: a search document per group in Finnish, Swedish and English, a lexicon
-- of the catalogue's words for typo and compound matching, and indexes for the filters.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ---------------------------------------------------------------- municipality names
-- Swedish names of bilingual and well-known municipalities, so "Helsingfors" finds Helsinki.
CREATE TABLE municipality_names (
  name_fi text PRIMARY KEY,
  name_sv text NOT NULL
);
INSERT INTO municipality_names (name_fi, name_sv) VALUES
  ('Helsinki', 'Helsingfors'), ('Espoo', 'Esbo'), ('Vantaa', 'Vanda'), ('Kauniainen', 'Grankulla'),
  ('Turku', 'Åbo'), ('Tampere', 'Tammerfors'), ('Oulu', 'Uleåborg'), ('Vaasa', 'Vasa'), ('Porvoo', 'Borgå'),
  ('Kokkola', 'Karleby'), ('Pietarsaari', 'Jakobstad'), ('Raasepori', 'Raseborg'), ('Loviisa', 'Lovisa'),
  ('Kirkkonummi', 'Kyrkslätt'), ('Sipoo', 'Sibbo'), ('Parainen', 'Pargas'), ('Kemiönsaari', 'Kimitoön'),
  ('Kristiinankaupunki', 'Kristinestad'), ('Uusikaarlepyy', 'Nykarleby'), ('Mustasaari', 'Korsholm'),
  ('Närpiö', 'Närpes'), ('Maalahti', 'Malax'), ('Kruunupyy', 'Kronoby'), ('Luoto', 'Larsmo'),
  ('Pedersören kunta', 'Pedersöre'), ('Vöyri', 'Vörå'), ('Inkoo', 'Ingå'), ('Siuntio', 'Sjundeå'),
  ('Lohja', 'Lojo'), ('Hanko', 'Hangö'), ('Lahti', 'Lahtis'), ('Pori', 'Björneborg'),
  ('Hämeenlinna', 'Tavastehus'), ('Lappeenranta', 'Villmanstrand'), ('Mikkeli', 'S:t Michel'),
  ('Kerava', 'Kervo'), ('Järvenpää', 'Träskända'), ('Tuusula', 'Tusby'), ('Naantali', 'Nådendal'),
  ('Raisio', 'Reso'), ('Kaarina', 'S:t Karins'), ('Uusikaupunki', 'Nystad'), ('Rauma', 'Raumo'),
  ('Savonlinna', 'Nyslott'), ('Hamina', 'Fredrikshamn'), ('Tornio', 'Torneå'), ('Kajaani', 'Kajana'),
  ('Iisalmi', 'Idensalmi'), ('Lapua', 'Lappo'), ('Kaskinen', 'Kaskö'), ('Pyhtää', 'Pyttis'),
  ('Myrskylä', 'Mörskom'), ('Lapinjärvi', 'Lappträsk'), ('Joensuu', 'Joensuu'), ('Kuopio', 'Kuopio'),
  ('Jyväskylä', 'Jyväskylä'), ('Seinäjoki', 'Seinäjoki'), ('Rovaniemi', 'Rovaniemi'), ('Kotka', 'Kotka'),
  ('Kouvola', 'Kouvola'), ('Salo', 'Salo'), ('Nurmijärvi', 'Nurmijärvi'), ('Kemi', 'Kemi');
ALTER TABLE municipality_names ENABLE ROW LEVEL SECURITY;
ALTER TABLE municipality_names FORCE ROW LEVEL SECURITY;
CREATE POLICY municipality_names_read ON municipality_names FOR SELECT USING (true);
GRANT SELECT ON municipality_names TO vertaamo_app;

-- ---------------------------------------------------------------- lexicon
-- Every word of public groups' texts, unstemmed. Queries look their terms up here by
-- trigram (typos: "vertaisryma") and by substring of the stem (compounds: "ryhmä" in
-- "vertaisryhmissä"), then search the documents for the words found. The lexicon only
-- widens a query; results still come from rows the caller may see.
CREATE TABLE search_words (
  word text PRIMARY KEY CHECK (length(word) BETWEEN 3 AND 60)
);
CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
ALTER TABLE search_words ENABLE ROW LEVEL SECURITY;
ALTER TABLE search_words FORCE ROW LEVEL SECURITY;
CREATE POLICY search_words_read ON search_words FOR SELECT USING (true);
CREATE POLICY search_words_add ON search_words FOR INSERT WITH CHECK (true);
GRANT SELECT, INSERT ON search_words TO vertaamo_app;

-- ---------------------------------------------------------------- search document
ALTER TABLE groups ADD COLUMN search_document tsvector;
CREATE INDEX groups_search_document_idx ON groups USING gin (search_document);
CREATE INDEX groups_public_idx ON groups (status) WHERE status IN ('published', 'running');
CREATE INDEX venues_coordinates_idx ON venues (latitude, longitude) WHERE latitude IS NOT NULL;
CREATE INDEX sessions_upcoming_idx ON sessions (group_id, starts_at) WHERE status = 'scheduled';

CREATE FUNCTION audience_words(codes text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(string_agg(CASE code
    WHEN 'parents' THEN 'vanhemmat vanhemmille föräldrar parents'
    WHEN 'expecting_parents' THEN 'odottavat vanhemmat raskaus föräldrar som väntar barn expecting parents pregnancy'
    WHEN 'families' THEN 'perheet perheille familjer families'
    WHEN 'children' THEN 'lapset lapsille barn children'
    WHEN 'youth' THEN 'nuoret nuorille unga youth young people'
    WHEN 'relatives' THEN 'omaiset läheiset anhöriga närstående relatives'
    WHEN 'carers' THEN 'omaishoitajat närståendevårdare carers'
    WHEN 'men' THEN 'miehet isät män pappor men fathers'
    WHEN 'women' THEN 'naiset äidit kvinnor mammor women mothers'
    WHEN 'immigrants' THEN 'maahanmuuttajat invandrare immigrants'
    WHEN 'workers' THEN 'työikäiset työssäkäyvät arbetande working people'
    WHEN 'everyone' THEN 'kaikille alla everyone'
    ELSE code END, ' '), '')
  FROM unnest(codes) AS code
$$;

-- The text of one group in one language, by weight: A name, B what it is about, C description,
-- D where and by whom. Missing translations fall back to Finnish so every language finds the group.
CREATE FUNCTION group_text(g groups, lang text, part char) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE part
    WHEN 'A' THEN coalesce(g.name ->> lang, g.name ->> 'fi')
    WHEN 'B' THEN concat_ws(' ', g.theme ->> lang, g.unifying_factor ->> lang, g.season ->> lang,
                            array_to_string(g.topics, ' '), audience_words(g.audience),
                            (SELECT t.name ->> lang FROM programme_templates t WHERE t.id = g.template_id))
    WHEN 'C' THEN coalesce(g.description ->> lang, CASE WHEN lang <> 'fi' THEN g.description ->> 'fi' END)
    ELSE concat_ws(' ',
      (SELECT concat_ws(' ', o.name ->> 'fi', o.name ->> 'sv', o.name ->> 'en') FROM organisations o WHERE o.id = g.org_id),
      (SELECT concat_ws(' ', v.name, v.municipality, v.neighbourhood, m.name_sv)
         FROM venues v LEFT JOIN municipality_names m ON m.name_fi = v.municipality WHERE v.id = g.venue_id))
  END
$$;

CREATE FUNCTION group_search_document(g groups) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector('finnish', coalesce(group_text(g, 'fi', 'A'), '')), 'A') ||
    setweight(to_tsvector('swedish', coalesce(group_text(g, 'sv', 'A'), '')), 'A') ||
    setweight(to_tsvector('english', coalesce(group_text(g, 'en', 'A'), '')), 'A') ||
    setweight(to_tsvector('simple', concat_ws(' ', group_text(g, 'fi', 'A'), g.name ->> 'sv', g.name ->> 'en')), 'A') ||
    setweight(to_tsvector('finnish', coalesce(group_text(g, 'fi', 'B'), '')), 'B') ||
    setweight(to_tsvector('swedish', coalesce(group_text(g, 'sv', 'B'), '')), 'B') ||
    setweight(to_tsvector('english', coalesce(group_text(g, 'en', 'B'), '')), 'B') ||
    setweight(to_tsvector('finnish', coalesce(group_text(g, 'fi', 'C'), '')), 'C') ||
    setweight(to_tsvector('swedish', coalesce(g.description ->> 'sv', '')), 'C') ||
    setweight(to_tsvector('english', coalesce(g.description ->> 'en', '')), 'C') ||
    setweight(to_tsvector('simple', coalesce(group_text(g, 'fi', 'D'), '')), 'D') ||
    setweight(to_tsvector('finnish', coalesce(group_text(g, 'fi', 'D'), '')), 'D') ||
    setweight(to_tsvector('swedish', coalesce(group_text(g, 'fi', 'D'), '')), 'D')
$$;

CREATE FUNCTION groups_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_document := group_search_document(NEW);
  IF NEW.status IN ('published', 'running', 'suspended', 'ended') THEN
    INSERT INTO search_words (word)
      SELECT DISTINCT w FROM regexp_split_to_table(lower(concat_ws(' ',
          group_text(NEW, 'fi', 'A'), group_text(NEW, 'fi', 'B'), group_text(NEW, 'fi', 'C'), group_text(NEW, 'fi', 'D'),
          group_text(NEW, 'sv', 'A'), NEW.theme ->> 'sv', NEW.description ->> 'sv',
          group_text(NEW, 'en', 'A'), NEW.theme ->> 'en', NEW.description ->> 'en')), '[^[:alpha:]]+') AS w
      WHERE length(w) BETWEEN 3 AND 60
    ON CONFLICT (word) DO NOTHING;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER groups_search_refresh BEFORE INSERT OR UPDATE ON groups
  FOR EACH ROW EXECUTE FUNCTION groups_search_refresh();

-- A renamed venue or organisation changes the documents of its groups.
CREATE FUNCTION groups_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'venues' THEN
    IF (OLD.name, OLD.municipality, OLD.neighbourhood) IS DISTINCT FROM (NEW.name, NEW.municipality, NEW.neighbourhood) THEN
      UPDATE groups SET search_document = NULL WHERE venue_id = NEW.id;
    END IF;
  ELSIF OLD.name IS DISTINCT FROM NEW.name THEN
    UPDATE groups SET search_document = NULL WHERE org_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER venues_search_touch AFTER UPDATE ON venues FOR EACH ROW EXECUTE FUNCTION groups_search_touch();
CREATE TRIGGER organisations_search_touch AFTER UPDATE ON organisations FOR EACH ROW EXECUTE FUNCTION groups_search_touch();

UPDATE groups SET search_document = NULL;

-- The query for a list of search terms: each term must match, as itself (stemmed in each
-- language, as a prefix) or as a lexicon word that contains its stem or resembles it.
CREATE FUNCTION search_query(terms text[]) RETURNS tsquery LANGUAGE plpgsql STABLE AS $$
DECLARE
  result tsquery;
  term_query tsquery;
  term text;
  stem text;
  word text;
BEGIN
  FOREACH term IN ARRAY terms LOOP
    term := lower(term);
    term_query := to_tsquery('simple', quote_literal(term) || ':*')
      || to_tsquery('finnish', quote_literal(term) || ':*')
      || to_tsquery('swedish', quote_literal(term) || ':*')
      || to_tsquery('english', quote_literal(term) || ':*');
    stem := coalesce((ts_lexize('finnish_stem', term))[1], term);
    FOR word IN
      (SELECT w.word FROM search_words w WHERE length(stem) >= 4 AND w.word LIKE '%' || stem || '%'
        ORDER BY length(w.word), w.word LIMIT 12)
      UNION
      (SELECT w.word FROM search_words w WHERE length(term) >= 4 AND term <% w.word
        ORDER BY term <<-> w.word, w.word LIMIT 4)
    LOOP
      term_query := term_query || to_tsquery('finnish', quote_literal(word))
        || to_tsquery('swedish', quote_literal(word)) || to_tsquery('simple', quote_literal(word));
    END LOOP;
    result := CASE WHEN result IS NULL THEN term_query ELSE result && term_query END;
  END LOOP;
  RETURN result;
END
$$;

-- ---------------------------------------------------------------- facilitation, many groups at once
CREATE FUNCTION public_group_facilitation_many(p_group_ids uuid[])
RETURNS TABLE (group_id uuid, role text, kind text, engagement text, profession text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT g.id, gf.role, f.kind, f.engagement, f.profession,
         CASE WHEN f.name_public OR f.org_id = ANY (app_org_ids()) THEN f.display_name END
  FROM groups g
  JOIN group_facilitators gf ON gf.group_id = g.id
  JOIN facilitators f ON f.id = gf.facilitator_id
  WHERE g.id = ANY (p_group_ids) AND (group_is_public(g.status) OR g.org_id = ANY (app_org_ids()))
  ORDER BY g.id, CASE gf.role WHEN 'convener' THEN 0 WHEN 'lead' THEN 1 ELSE 2 END, f.kind DESC, f.id
$$;
REVOKE ALL ON FUNCTION public_group_facilitation_many(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public_group_facilitation_many(uuid[]) TO vertaamo_app;

-- Whether a newcomer can join now. Enrolment refines this with free seats and waiting lists.
CREATE FUNCTION group_accepts_new(status text, openness text, allow_late_joiners boolean, how_to_join text)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT status = 'published' OR (status = 'running' AND (openness = 'open' OR allow_late_joiners))
$$;

CREATE INDEX venues_municipality_lower_idx ON venues (lower(municipality));
