/**
 * A group's attendance in numbers, for the organisation's reports: meetings held and
 * recorded, visits, unique participants (named attendance only), children who came along
 * and the average. No names: the numbers are what funders ask for.
 */
import type { groupAttendance } from '../attendance/service.ts';
import type { Lang } from '../web/i18n.ts';
import { formatNumber } from '../shared/time.ts';

type Totals = Awaited<ReturnType<typeof groupAttendance>>['totals'];

const TEXTS: Record<
  Lang,
  {
    heading: string;
    held: string;
    recorded: string;
    visits: string;
    unique: string;
    children: string;
    average: string;
    none: string;
  }
> = {
  fi: {
    heading: 'Osallistuminen lukuina',
    held: 'Pidettyjä tapaamisia',
    recorded: 'Tapaamisia, joiden läsnäolo on kirjattu',
    visits: 'Käyntejä yhteensä',
    unique: 'Eri osallistujia',
    children: 'Mukana olleita lapsia yhteensä',
    average: 'Läsnä keskimäärin',
    none: 'Läsnäoloja ei ole vielä kirjattu.',
  },
  sv: {
    heading: 'Deltagandet i siffror',
    held: 'Hållna träffar',
    recorded: 'Träffar med registrerad närvaro',
    visits: 'Besök sammanlagt',
    unique: 'Olika deltagare',
    children: 'Barn som var med sammanlagt',
    average: 'Närvarande i genomsnitt',
    none: 'Ingen närvaro har registrerats ännu.',
  },
  en: {
    heading: 'Attendance in numbers',
    held: 'Meetings held',
    recorded: 'Meetings with attendance recorded',
    visits: 'Visits in all',
    unique: 'Different participants',
    children: 'Children who came along in all',
    average: 'Present on average',
    none: 'No attendance has been recorded yet.',
  },
};

export function AttendanceSummary({ lang, totals }: { lang: Lang; totals: Totals }) {
  const t = TEXTS[lang];
  const rows: [string, string][] = [
    [t.held, String(totals.sessions_held)],
    [t.recorded, String(totals.sessions_recorded)],
    [t.visits, String(totals.visits)],
    ...(totals.unique_participants !== null
      ? [[t.unique, String(totals.unique_participants)] as [string, string]]
      : []),
    [t.children, String(totals.children)],
    ...(totals.average_present !== null
      ? [[t.average, formatNumber(totals.average_present, lang)] as [string, string]]
      : []),
  ];
  return (
    <section aria-labelledby="attendance-summary" class="attendance-summary">
      <h2 id="attendance-summary">{t.heading}</h2>
      {totals.sessions_recorded === 0 ? <p class="muted">{t.none}</p> : null}
      <dl class="facts">
        {rows.map(([label, value]) => (
          <div>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
