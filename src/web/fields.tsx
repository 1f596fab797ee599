/**
 * Form pieces shared by the public forms and the workspace: the choice of message language
 * and the consent checkbox with its message beside it.
 */
import { LANGS, MESSAGES, type Lang } from './i18n.ts';

/** Radio buttons for the language messages are sent in (field `language`). */
export function LanguageChoice({
  legend,
  value,
  idPrefix = 'language',
}: {
  legend: string;
  value: Lang;
  idPrefix?: string;
}) {
  return (
    <fieldset class="hds-fieldset filter-group">
      <legend class="hds-fieldset-legend">{legend}</legend>
      {LANGS.map((l) => (
        <div class="hds-radio-button">
          <input
            type="radio"
            class="hds-radio-button__input"
            id={`${idPrefix}-${l}`}
            name="language"
            value={l}
            checked={value === l}
          />
          <label class="hds-radio-button__label" for={`${idPrefix}-${l}`} lang={l}>
            {MESSAGES[l].languageName}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** The consent checkbox (field `consent=yes`), described by the privacy text when there is one. */
export function ConsentCheckbox({
  label,
  checked,
  error,
  describedBy,
}: {
  label: string;
  checked: boolean;
  error?: string;
  describedBy?: string;
}) {
  const described = [describedBy, error ? 'consent-error' : ''].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <div class={`hds-checkbox${error ? ' hds-checkbox--invalid' : ''}`}>
        <input
          type="checkbox"
          class="hds-checkbox__input"
          id="consent"
          name="consent"
          value="yes"
          checked={checked}
          aria-describedby={described}
          aria-invalid={error ? 'true' : undefined}
        />
        <label class="hds-checkbox__label" for="consent">
          {label}
        </label>
      </div>
      {error ? (
        <p class="hds-text-input__error-text" id="consent-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'time' | 'number' | 'tel' | 'url';
  autocomplete?: string;
  required?: boolean;
  multiline?: boolean;
  inputMode?: 'decimal' | 'numeric';
  /** a message elsewhere on the page that is about this field too */
  describedBy?: string;
}

/** A labelled input with its hint and error linked by aria-describedby. */
export function Field({
  id,
  label,
  hint,
  error,
  value,
  type = 'text',
  autocomplete,
  required,
  multiline,
  inputMode,
  describedBy,
}: FieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', describedBy ?? '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    name: id,
    'aria-describedby': described || undefined,
    'aria-invalid': error ? ('true' as const) : undefined,
    required,
  };
  // preact types each input type's attributes apart; this one field serves several types
  const inputAttributes: Record<string, unknown> = {
    class: 'hds-text-input__input',
    type,
    value,
    autocomplete,
    inputMode,
    ...common,
  };
  return (
    <div class={`hds-text-input${error ? ' hds-text-input--invalid' : ''}`}>
      <label class="hds-text-input__label" for={id}>
        {label}
      </label>
      <div class="hds-text-input__input-wrapper">
        {multiline ? (
          <textarea class="hds-text-input__input form-textarea" rows={4} {...common}>
            {value}
          </textarea>
        ) : (
          <input {...inputAttributes} />
        )}
      </div>
      {hint ? (
        <span class="hds-text-input__helper-text" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="hds-text-input__error-text" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
