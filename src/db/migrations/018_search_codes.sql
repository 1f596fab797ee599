-- A code such as "19e3ca65" reads to the query parser as a number in scientific notation
-- followed by a word ("19e3" <-> "ca65"), while the same code in a group's text is indexed as
-- one word. Each typed term now also matches itself as one literal word.
CREATE OR REPLACE FUNCTION search_query(terms text[]) RETURNS tsquery LANGUAGE plpgsql STABLE AS $$
DECLARE
  result tsquery;
  term_query tsquery;
  term text;
  stem text;
  word text;
BEGIN
  FOREACH term IN ARRAY terms LOOP
    term := lower(term);
    term_query := (quote_literal(term) || ':*')::tsquery
      || to_tsquery('simple', quote_literal(term) || ':*')
      || to_tsquery('finnish', quote_literal(term) || ':*')
      || to_tsquery('swedish', quote_literal(term) || ':*')
      || to_tsquery('english', quote_literal(term) || ':*');
    -- "Ryhmä-2" and "ryhma-12345678" are parsed as a word and a signed number ("-2"): a
    -- number typed alone also finds its signed form.
    IF term ~ '^[0-9]+$' THEN
      term_query := term_query || to_tsquery('simple', quote_literal('-' || term) || ':*');
    END IF;
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
