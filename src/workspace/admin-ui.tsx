/**
 * Small form pieces shared by the organisation pages of the staff workspace (facilitators,
 * templates, a group's facilitators, costs and partners): every field carries its label, and
 * its error beside it through aria-describedby; what was typed is always put back.
 */
import type { ComponentChildren } from 'preact';
import type { FastifyReply } from 'fastify';
import type { Action, Actor } from '../accounts/permissions.ts';
import { can } from '../accounts/permissions.ts';
import type { Lang } from '../web/i18n.ts';
import { inLang } from '../web/layout.tsx';
import { CSRF_FIELD } from './security.ts';
import type { Kit } from './participants.tsx';

export type { Kit };
export type Who = { actor: Actor; csrf: string };
export type Body = Record<string, unknown> | undefined;
export type Errors<K extends string> = Partial<Record<K | 'form', string>>;

export const staffPath = (lang: Lang, path = '') => inLang(lang, `/staff${path}`);

export const str = (body: Body, key: string, max = 1000) => {
  const v = body?.[key];
  return typeof v === 'string' ? v.slice(0, max) : '';
};

/** The ticked boxes of a checkbox group: each box is its own field, `name_value`. */
export const ticked = (body: Body, name: string, options: readonly string[]): string[] =>
  options.filter((o) => str(body, `${name}_${o}`) !== '');

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const validDate = (s: string) =>
  ISO_DATE.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Organisations where this person may do `action` (reading the internals unless told), and the one chosen in `?org=`. */
export function orgChoice(
  actor: Actor,
  wanted: string | undefined,
  action: Action = 'organisation.read_internal',
) {
  const ids = [...actor.roles.keys()].filter((id) => can(actor, action, id));
  const chosen = wanted && ids.includes(wanted) ? wanted : ids[0];
  return { ids, chosen };
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

export function Button({
  children,
  secondary,
  name,
  value,
}: {
  children: ComponentChildren;
  secondary?: boolean;
  name?: string;
  value?: string;
}) {
  return (
    <button
      type="submit"
      name={name}
      value={value}
      class={`hds-button ${secondary ? 'hds-button--secondary' : 'hds-button--primary'}`}
    >
      <span class="hds-button__label">{children}</span>
    </button>
  );
}

export function Notice({ text }: { text: string }) {
  return (
    <div class="hds-notification hds-notification--success" role="status">
      <div class="hds-notification__content">
        <p>{text}</p>
      </div>
    </div>
  );
}

export function ErrorBox({ text, id }: { text: string; id?: string }) {
  return (
    <div class="hds-notification hds-notification--error" role="alert" id={id}>
      <div class="hds-notification__content">
        <p>{text}</p>
      </div>
    </div>
  );
}

export function Select(props: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  hint?: string;
  error?: string;
}) {
  const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`staff-select${props.error ? ' staff-select--invalid' : ''}`}>
      <label class="hds-text-input__label" for={props.id}>
        {props.label}
      </label>
      <select
        id={props.id}
        name={props.id}
        aria-describedby={described || undefined}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint ? (
        <span class="hds-text-input__helper-text" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span class="hds-text-input__error-text" id={`${props.id}-error`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/** A group of checkboxes or radio buttons in a fieldset with its legend and error. */
export function Choices(props: {
  name: string;
  legend: string;
  type: 'checkbox' | 'radio';
  values: string[];
  options: { value: string; label: string }[];
  error?: string;
}) {
  const errorId = `${props.name}-error`;
  return (
    <fieldset
      class="hds-fieldset"
      aria-describedby={props.error ? errorId : undefined}
      aria-invalid={props.error ? 'true' : undefined}
    >
      <legend class="hds-fieldset-legend">{props.legend}</legend>
      {props.options.map((o) => (
        <div class={props.type === 'radio' ? 'hds-radio-button' : 'hds-checkbox'}>
          <input
            type={props.type}
            class={props.type === 'radio' ? 'hds-radio-button__input' : 'hds-checkbox__input'}
            id={`${props.name}-${o.value}`}
            name={props.type === 'radio' ? props.name : `${props.name}_${o.value}`}
            value={props.type === 'radio' ? o.value : 'yes'}
            checked={props.values.includes(o.value)}
          />
          <label
            class={props.type === 'radio' ? 'hds-radio-button__label' : 'hds-checkbox__label'}
            for={`${props.name}-${o.value}`}
          >
            {o.label}
          </label>
        </div>
      ))}
      {props.error ? (
        <span class="hds-text-input__error-text" id={errorId}>
          {props.error}
        </span>
      ) : null}
    </fieldset>
  );
}

export function Checkbox(props: { id: string; label: string; checked: boolean }) {
  return (
    <div class="hds-checkbox">
      <input
        type="checkbox"
        class="hds-checkbox__input"
        id={props.id}
        name={props.id}
        value="yes"
        checked={props.checked}
      />
      <label class="hds-checkbox__label" for={props.id}>
        {props.label}
      </label>
    </div>
  );
}

/** A refusal page: the person is signed in but may not do this here. */
export function forbiddenReply(
  kit: Kit,
  reply: FastifyReply,
  lang: Lang,
  path: string,
  who: Who,
  text: string,
) {
  return kit.page(reply, lang, text, path, <ErrorBox text={text} />, { who, status: 403 });
}
