/**
 * The languages Vertaamo speaks: every page, message and mail exists in each of them, and a
 * missing text is a compile error. The one definition of the language type.
 */
export const LANGS = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = (value: unknown): value is Lang => LANGS.includes(value as Lang);

/** The locale each language formats dates, numbers and money with (Finland's conventions). */
export const INTL_LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
