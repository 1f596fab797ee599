/**
 * Demo feedback: anonymous answers for the seed groups that have held sessions, so that the
 * results pages and yearly figures read like a real year. Most groups get enough answers to be
 * shown; the suspended Tesoma group gets three, so the "fewer than 5" suppression shows.
 * Written in a few statements per group (the demo must load fast), straight through the
 * feedback repository as the schema owner, like the demo's organisations and accounts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import {
  allOwnQuestions,
  heldGroups,
  insertLink,
  insertResponse,
  insertRound,
  setRoundLinks,
  useLinksOfRound,
} from '../feedback/repository.ts';
import { ownKey, STATEMENT_KEYS, variantOf } from '../feedback/policy.ts';
import { helsinkiToday } from '../shared/time.ts';

/** The group whose few answers show the suppression. */
export const FEW_ANSWERS_GROUP = 'tesoma-westeri-2019';

const FREE_TEXTS = [
  'Oli helpottavaa kuulla, että muillakin on samanlaisia ajatuksia.',
  'Sain vinkkejä arkeen ja uusia tuttavia.',
  'Toivoisin, että ryhmä jatkuisi keväällä.',
  'Det var skönt att bli lyssnad på.',
  'The facilitators made everyone feel welcome.',
  'Tapaamiset olivat liian lyhyitä, mutta hyviä.',
];

/** A small deterministic generator, so the demo's figures are the same on every load. */
function generator(seed: string) {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Mostly agreeing answers (4 and 5), some 3s, the odd "does not apply". */
const agreement = (r: () => number) => {
  const x = r();
  return x < 0.05 ? null : x < 0.15 ? 3 : x < 0.55 ? 4 : 5;
};

export async function seedFeedback(db: Database, now: Date): Promise<number> {
  return db.ownerTransaction(async (tx) => {
    const groups = await heldGroups(tx, now);
    const questions = await allOwnQuestions(tx);
    let answers = 0;
    for (const g of groups) {
      const r = generator(g.slug);
      const n = g.slug === FEW_ANSWERS_GROUP ? 3 : 6 + Math.floor(r() * 7);
      const on = helsinkiToday(g.last_held);
      if (g.how_to_join !== 'drop_in') {
        // The emailed round these answers came from: a few more links than answers.
        const roundId = await insertRound(tx, {
          orgId: g.org_id,
          groupId: g.id,
          kind: 'end',
          afterSessions: 1,
          on,
        });
        if (roundId) {
          const sent = Math.max(g.people, n + 2);
          for (let i = 0; i < sent; i++)
            await insertLink(tx, {
              orgId: g.org_id,
              groupId: g.id,
              roundId,
              tokenHash: createHash('sha256').update(randomBytes(32)).digest(),
              expiresOn: on,
            });
          await useLinksOfRound(tx, roundId, n);
          await setRoundLinks(tx, roundId, sent);
        }
      }
      const own = questions.filter((q) => q.org_id === g.org_id);
      for (let i = 0; i < n; i++) {
        const values: Record<string, number | null> = {};
        for (const key of [...STATEMENT_KEYS, ...own.map((q) => ownKey(q.id))]) values[key] = agreement(r);
        await insertResponse(tx, {
          orgId: g.org_id,
          groupId: g.id,
          on,
          variant: variantOf(g),
          overall: r() < 0.6 ? 5 : 4,
          answers: values,
          freeText: r() < 0.35 ? FREE_TEXTS[Math.floor(r() * FREE_TEXTS.length)]! : null,
        });
        answers++;
      }
    }
    return answers;
  });
}
