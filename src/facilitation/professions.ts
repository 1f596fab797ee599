/**
 * The professions a professional facilitator may have, and their names in each language:
 * one list for the API's schema, the staff forms and the public group page, so that no page
 * ever shows the stored code.
 */
import type { Lang } from '../shared/lang.ts';

export const PROFESSIONS = [
  'public_health_nurse',
  'social_worker',
  'supervisor',
  'coach',
  'psychologist',
  'family_worker',
  'association_staff',
  'other',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const PROFESSION_NAMES: Record<Lang, Record<Profession, string>> = {
  fi: {
    public_health_nurse: 'terveydenhoitaja',
    social_worker: 'sosiaalityöntekijä',
    supervisor: 'työnohjaaja',
    coach: 'valmentaja',
    psychologist: 'psykologi',
    family_worker: 'perhetyöntekijä',
    association_staff: 'järjestön työntekijä',
    other: 'muu ammatti',
  },
  sv: {
    public_health_nurse: 'hälsovårdare',
    social_worker: 'socialarbetare',
    supervisor: 'arbetshandledare',
    coach: 'coach',
    psychologist: 'psykolog',
    family_worker: 'familjearbetare',
    association_staff: 'anställd i en förening',
    other: 'annat yrke',
  },
  en: {
    public_health_nurse: 'public health nurse',
    social_worker: 'social worker',
    supervisor: 'work supervisor',
    coach: 'coach',
    psychologist: 'psychologist',
    family_worker: 'family worker',
    association_staff: 'association staff',
    other: 'other profession',
  },
};

/** A stored profession's name, or null for a value this version does not know. */
export function professionName(profession: string | null, lang: Lang): string | null {
  if (!profession) return null;
  return (PROFESSION_NAMES[lang] as Record<string, string>)[profession] ?? null;
}
