/**
 * Names in the order a Finnish reader expects: case ignored, å, ä and ö after z, numbers
 * by value. The database's own collation cannot be trusted for this (PGlite sorts by byte,
 * a server by its locale), so short lists of names are put in order here.
 */
const FINNISH = new Intl.Collator('fi', { sensitivity: 'base', numeric: true });

/** Sorts rows by one or more texts, the first deciding; stable, so the SQL order breaks ties. */
export function inFinnishOrder<T>(rows: T[], ...keys: ((row: T) => string)[]): T[] {
  return rows.sort((a, b) => {
    for (const key of keys) {
      const order = FINNISH.compare(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  });
}
