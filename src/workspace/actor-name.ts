/**
 * Who did something, as the staff history and the audit log name them: the stored actor
 * label (`participant`, `system`, `token:<label>`, or a person's own label) in words of the
 * reader's language, never the code.
 */
import type { Lang } from '../shared/lang.ts';

const WORDS: Record<Lang, { participant: string; system: string; token: (label: string) => string }> = {
  fi: { participant: 'osallistuja itse', system: 'järjestelmä', token: (l) => `API-avain ”${l}”` },
  sv: { participant: 'deltagaren själv', system: 'systemet', token: (l) => `API-nyckeln ”${l}”` },
  en: { participant: 'the participant', system: 'the system', token: (l) => `API token “${l}”` },
};

export function actorName(label: string, lang: Lang): string {
  const words = WORDS[lang];
  if (label === 'participant' || label === 'system') return words[label];
  if (label.startsWith('token:')) return words.token(label.slice('token:'.length));
  return label;
}
