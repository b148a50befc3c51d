import { instantiateTemplate, journeyTemplate } from '@trellis/journey';
import { readFileSync } from 'node:fs';

export class CliError extends Error {}

/** Reads and parses a JSON file, turning every failure into one readable line. */
export function loadJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`the ${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A template the given parameter values do not fit: exit code 1 (the input is wrong), not 2. */
export class ParameterErrors extends Error {}

export function isTemplate(json: unknown): boolean {
  return !!json && typeof json === 'object' && 'journey' in json && 'id' in json;
}

/**
 * A journey file is either a bare journey or a template from workflows/ (with a `journey` key),
 * filled in with `values` and its parameters' defaults (and named `name` when given).
 */
export function journeyOf(json: unknown, values: Record<string, unknown> = {}, name?: string): unknown {
  if (!isTemplate(json)) {
    if (Object.keys(values).length > 0) throw new CliError('--param needs a template');
    return json;
  }
  const template = journeyTemplate.safeParse(json);
  if (!template.success) throw new CliError(`not a valid template: ${template.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const made = instantiateTemplate(template.data, values, name);
  if (!made.ok) throw new ParameterErrors(made.errors.map((error) => `--param ${error.parameter}: ${error.message}`).join('\n'));
  return made.journey;
}
