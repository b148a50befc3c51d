import Form from '@rjsf/core';
import type { FieldProps, RegistryFieldsType, RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { CompileError, Rule } from '@trellis/journey';
import { createContext, useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formButtonTemplates } from '../../ui/form-buttons';
import { RuleBuilder } from '../rules/RuleBuilder';
import { isRuleSchema } from '../rules/rule-model';
import { errorSchemaFor, formSchemaOf, uiSchemaFor, type PickerOptions } from './config-form-schema';

const PickerContext = createContext<PickerOptions>({ templates: [], segments: [], events: [], tags: [] });

/** A text input with the API's names (templates, segments, events, tags) as suggestions. */
function PickerWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, options, rawErrors, required }: WidgetProps) {
  const choices = useContext(PickerContext)[(options.picker as keyof PickerOptions | undefined) ?? 'events'];
  const listId = `${id}__choices`;
  return (
    <>
      <input
        id={id}
        className="form-control"
        list={listId}
        value={typeof value === 'string' ? value : ''}
        required={required}
        disabled={disabled || readonly}
        aria-invalid={rawErrors?.length ? true : undefined}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        onBlur={(event) => onBlur(id, event.target.value)}
        onFocus={(event) => onFocus(id, event.target.value)}
      />
      <datalist id={listId}>
        {choices.map((choice) => (
          <option key={choice} value={choice} />
        ))}
      </datalist>
    </>
  );
}

/** Where a node's schema takes a rule: the visual rules builder instead of a JSON form. */
function RuleField({ formData, onChange, schema, uiSchema, rawErrors, errorSchema, disabled, readonly, fieldPathId }: FieldProps) {
  const picks = useContext(PickerContext);
  const errors = useMemo(() => flattenErrors(errorSchema), [errorSchema]);
  const id = fieldPathId.$id;
  const title = (uiSchema?.['ui:title'] as string | undefined) ?? schema.title ?? id;
  return (
    <fieldset className="rule-field" disabled={disabled || readonly}>
      <legend>{title}</legend>
      {schema.description && <p className="field-description">{schema.description}</p>}
      <RuleBuilder
        value={formData as Rule | undefined}
        onChange={(rule) => onChange(rule, fieldPathId.path)}
        idPrefix={id}
        label={title}
        errors={{ ...errors, ...(rawErrors?.length ? { '': rawErrors } : {}) }}
        suggestions={{ tags: picks.tags, events: picks.events }}
        subject={(uiSchema?.['ui:options'] as { subject?: 'contact' | 'event' } | undefined)?.subject ?? 'contact'}
        readOnly={disabled || readonly}
        hideLabel
      />
    </fieldset>
  );
}

function flattenErrors(errorSchema: unknown, prefix = ''): Record<string, string[]> {
  if (!errorSchema || typeof errorSchema !== 'object') return {};
  const flat: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(errorSchema as Record<string, unknown>)) {
    if (key === '__errors') flat[prefix] = value as string[];
    else Object.assign(flat, flattenErrors(value, prefix ? `${prefix}.${key}` : key));
  }
  return flat;
}

const widgets: RegistryWidgetsType = { picker: PickerWidget };
const fields: RegistryFieldsType = { rule: RuleField };

export interface ConfigFormProps {
  /** Form ids are prefixed with it, so two forms (node, settings) never share an id. */
  formId: string;
  schema: Record<string, unknown>;
  value: Record<string, unknown>;
  errors: readonly CompileError[];
  pickers: PickerOptions;
  readOnly: boolean;
  onChange: (value: Record<string, unknown>) => void;
}

/**
 * A config form generated from a JSON Schema (the catalogue's, so custom nodes get one too). The
 * compiler is the validator: its errors are shown under the fields they name.
 */
export function ConfigForm({ formId, schema, value, errors, pickers, readOnly, onChange }: ConfigFormProps) {
  const { t } = useTranslation('fields');
  const formSchema = useMemo(() => formSchemaOf(schema, (node) => isRuleSchema(node, schema)), [schema]);
  // Marked on the original schema, where rules still look like rules.
  const uiSchema = useMemo(() => uiSchemaFor(schema, (key, fallback) => t(key, { defaultValue: fallback }), (node) => isRuleSchema(node, schema)), [schema, t]);
  const extraErrors = useMemo(() => errorSchemaFor(errors), [errors]);
  return (
    <PickerContext.Provider value={pickers}>
      <Form
        className="config-form"
        idPrefix={formId}
        schema={formSchema}
        uiSchema={uiSchema}
        formData={value}
        validator={validator}
        widgets={widgets}
        templates={formButtonTemplates}
        fields={fields}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        readonly={readOnly}
        experimental_defaultFormStateBehavior={{ emptyObjectFields: 'populateRequiredDefaults', arrayMinItems: { populate: 'never' } }}
        onChange={(event, fieldId) => {
          // Without a field id the form is filling in defaults on its own, which is not an edit;
          // an unchanged value would only add an undo step and a save.
          const next = (event.formData ?? {}) as Record<string, unknown>;
          if (fieldId !== undefined && JSON.stringify(next) !== JSON.stringify(value)) onChange(next);
        }}
      />
    </PickerContext.Provider>
  );
}
