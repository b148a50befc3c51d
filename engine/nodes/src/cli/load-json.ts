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

/**
 * A journey file is either a bare journey or a template from workflows/ (with a `journey` key),
 * which is filled in with its parameters' defaults.
 */
export function journeyOf(json: unknown): unknown {
  if (!(json && typeof json === 'object' && 'journey' in json && 'id' in json)) return json;
  const template = journeyTemplate.safeParse(json);
  if (!template.success) throw new CliError(`not a valid template: ${template.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const made = instantiateTemplate(template.data, {});
  if (!made.ok) throw new CliError(`the template needs parameters: ${made.errors.map((error) => `${error.parameter}: ${error.message}`).join('; ')}`);
  return made.journey;
}
