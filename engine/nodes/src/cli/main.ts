import { compile, CompileError, diffJourneys, formatJourneyDiff, instantiateTemplate, journeyDefinition, journeyTemplate, sameBehaviour, simulate, simulationScript } from '@trellis/journey';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createFullCatalogue } from '../index';
import { simulateActions } from '../simulate-actions';
import { CliError, journeyOf, loadJson } from './load-json';

const usage = `usage:
  trellis validate <journey.json | folder> [--json]
  trellis simulate <journey.json> --script <script.json>
  trellis diff <before.json> <after.json> [--json]
  trellis instantiate <template.json> [--param name=value]... [--name <journey name>] [--out <file>]

A journey file is a journey ({ name, nodes, edges }) or a template from workflows/ (filled in with
its defaults). A folder validates every .json file in it.
Exit codes: 0 ok (diff: same behaviour), 1 errors found (diff: they differ), 2 bad usage or unreadable file.`;

/** A journey as a file: two-space JSON with a final newline, so a git diff shows only what changed. */
export function formatJourneyFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** \`--param k=v\`: JSON when it parses (numbers, booleans, lists), else the text itself. */
function parameterValues(pairs: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--param takes name=value, got "${pair}"`);
    const raw = pair.slice(at + 1);
    try {
      values[pair.slice(0, at)] = JSON.parse(raw);
    } catch {
      values[pair.slice(0, at)] = raw;
    }
  }
  return values;
}

function journeyFile(path: string) {
  const parsed = journeyDefinition.safeParse(journeyOf(loadJson(path, 'journey')));
  if (!parsed.success) throw new CliError(`${path}: not a journey: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

function diff(before: string, after: string, json: boolean): number {
  const result = diffJourneys(journeyFile(before), journeyFile(after));
  if (json) console.log(JSON.stringify(result, null, 2));
  else {
    const lines = formatJourneyDiff(result);
    console.log(lines.length > 0 ? lines.join('\n') : result.moved.length > 0 ? `only positions differ (${result.moved.length} node(s) moved)` : 'no differences');
  }
  return sameBehaviour(result) ? 0 : 1;
}

function instantiate(file: string, params: readonly string[], name: string | undefined, out: string | undefined): number {
  const template = journeyTemplate.safeParse(loadJson(file, 'template'));
  if (!template.success) throw new CliError(`${file}: not a template: ${template.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const made = instantiateTemplate(template.data, parameterValues(params), name);
  if (!made.ok) {
    console.error(`${file}: ${made.errors.map((error) => `--param ${error.parameter}: ${error.message}`).join('\n')}`);
    return 1;
  }
  if (out) writeFileSync(out, formatJourneyFile(made.journey));
  else process.stdout.write(formatJourneyFile(made.journey));
  return 0;
}

function validateFolder(dir: string, json: boolean): number {
  const catalogue = createFullCatalogue();
  const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  const results = files.map((name) => {
    try {
      const result = compile(journeyOf(loadJson(join(dir, name), 'journey')), catalogue);
      return { file: name, ok: result.ok, errors: result.ok ? [] : result.errors.map(describe) };
    } catch (error) {
      return { file: name, ok: false, errors: [`  ${(error as Error).message}`] };
    }
  });
  if (json) console.log(JSON.stringify(results, null, 2));
  else for (const result of results) console.log(result.ok ? `${result.file}: valid` : `${result.file}: ${result.errors.length} problem(s)\n${result.errors.join('\n')}`);
  return results.every((result) => result.ok) ? 0 : 1;
}

function describe(error: CompileError): string {
  const where = [error.nodeId && `node ${error.nodeId}`, error.field && `field ${error.field}`].filter(Boolean).join(', ');
  return `  ${where ? `${where}: ` : ''}${error.message} [${error.code}]`;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      script: { type: 'string' },
      param: { type: 'string', multiple: true, default: [] },
      name: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, file, second] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (!file || !['validate', 'simulate', 'diff', 'instantiate'].includes(command)) throw new CliError(usage);
  if (command === 'diff') {
    if (!second) throw new CliError('diff needs two journey files');
    return diff(file, second, values.json);
  }
  if (command === 'instantiate') return instantiate(file, values.param, values.name, values.out);
  if (command === 'validate' && statSync(file, { throwIfNoEntry: false })?.isDirectory()) return validateFolder(file, values.json);

  const catalogue = createFullCatalogue();
  const result = compile(journeyOf(loadJson(file, 'journey')), catalogue);

  if (command === 'validate') {
    if (values.json) {
      console.log(JSON.stringify(result.ok ? { ok: true, hash: result.plan.hash, errors: [] } : { ok: false, errors: result.errors }, null, 2));
    } else if (result.ok) {
      console.log(`${file}: valid (${Object.keys(result.plan.nodes).length} nodes, plan ${result.plan.hash.slice(0, 12)})`);
    } else {
      console.log(`${file}: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}\n${result.errors.map(describe).join('\n')}`);
    }
    return result.ok ? 0 : 1;
  }

  if (!values.script) throw new CliError('simulate needs --script <script.json>');
  if (!result.ok) {
    console.error(`${file}: ${result.errors.length} problem(s); fix them before simulating:\n${result.errors.map(describe).join('\n')}`);
    return 1;
  }
  const script = simulationScript.safeParse(loadJson(values.script, 'script'));
  if (!script.success) {
    console.error(`${values.script}: invalid script\n${script.error.issues.map((issue) => `  ${issue.path.join('.') || '(script)'}: ${issue.message}`).join('\n')}`);
    return 1;
  }
  const simulation = await simulate(result.plan, script.data, simulateActions(catalogue, script.data.messagingPolicy ? { policy: script.data.messagingPolicy } : {}));
  if (!simulation.ok) {
    const where = (issue: { contactId?: string; nodeId?: string }) => [issue.contactId && `contact ${issue.contactId}`, issue.nodeId && `node ${issue.nodeId}`].filter(Boolean).join(', ');
    console.error(`${values.script}: the simulation stopped\n${simulation.errors.map((issue) => `  ${where(issue) ? `${where(issue)}: ` : ''}${issue.message} [${issue.code}]`).join('\n')}`);
    return 1;
  }
  const { contacts, stats } = simulation;
  console.log(JSON.stringify({ contacts, stats }, null, 2));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (error as Error).message : error);
    process.exit(2);
  },
);
