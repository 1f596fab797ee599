import { Type, type Static } from 'typebox';

import { LANGS, type Lang } from './lang.ts';

export const LOCALES = LANGS;
export type Locale = Lang;

/** A text shown to people: Finnish required, Swedish and English recommended. */
export const LocalizedText = Type.Object(
  {
    fi: Type.String({ minLength: 1, maxLength: 5000 }),
    sv: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
    en: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
  },
  { additionalProperties: false, $id: 'LocalizedText' },
);
export type LocalizedText = Static<typeof LocalizedText>;

/** The text in the wanted language, falling back to Finnish. */
export function pick(text: LocalizedText | null | undefined, locale: Locale): string | null {
  if (!text) return null;
  return text[locale] ?? text.fi;
}
