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

/**
 * A labelled text input (or textarea) with an optional hint, and its error beside it: the
 * field is marked invalid and described by the message, and keeps what was typed.
 */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'tel' | 'date' | 'time' | 'number' | 'url';
  multiline?: boolean;
  required?: boolean;
  autocomplete?: string;
}) {
  const describedBy =
    [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;
  const common = {
    class: 'hds-text-input__input',
    id: props.id,
    name: props.id,
    required: props.required,
    'aria-describedby': describedBy,
    'aria-invalid': props.error ? ('true' as const) : undefined,
  };
  return (
    <div class={`hds-text-input${props.error ? ' hds-text-input--invalid' : ''}`}>
      <label class="hds-text-input__label" for={props.id}>
        {props.label}
      </label>
      <div class="hds-text-input__input-wrapper">
        {props.multiline ? (
          <textarea {...common} rows={5}>
            {props.value}
          </textarea>
        ) : (
          <input
            {...common}
            // One variant of Preact's input typing for all: the attribute is passed through as is.
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- Preact types each input type apart; tsc needs one variant
            type={(props.type ?? 'text') as 'text'}
            inputMode={props.type === 'number' ? 'numeric' : undefined}
            autocomplete={props.autocomplete}
            value={props.value}
          />
        )}
      </div>
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
