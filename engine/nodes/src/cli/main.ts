import { compile, CompileError, diffJourneys, type JourneyDefinition, formatJourneyDiff, journeyDefinition, sameBehaviour, simulate, simulationScript } from '@trellis/journey';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createFullCatalogue } from '../index';
import { simulateActions } from '../simulate-actions';
import { ApiRefusal, apiFromEnv, type CliApi } from './api-client';
import { CliError, isTemplate, journeyOf, loadJson, ParameterErrors } from './load-json';

const usage = `usage:
  trellis validate <journey.json | folder> [--json]
  trellis simulate <journey.json> --script <script.json>
  trellis diff <before.json> <after.json> [--json]
  trellis instantiate <template.json> [--param name=value]... [--name <journey name>] [--out <file>]
  trellis push <journey.json> [--id <journeyId>] [--param name=value]...
  trellis publish <journeyId | journey.json> [--note <text>]
  trellis pull <journeyId> [--version <n>] [--out <file>]

push, publish and pull talk to the API at TRELLIS_API_URL (default http://127.0.0.1:3000) with
TRELLIS_API_KEY (a workspace API key, admin scope). push updates the draft of --id, else of the
journey with the same name, else creates one; publish refuses a draft with errors; pull writes the
published version (or --version) formatted stably, so a git diff shows only what changed.

A journey file is a journey ({ name, nodes, edges }) or a template from workflows/ (filled in with
its defaults). A folder validates every .json file in it.
Exit codes: 0 ok (diff: same behaviour), 1 errors found (diff: they differ), 2 bad usage or unreadable file.`;

const keyOrder: Record<string, readonly string[]> = {
  journey: ['name', 'description', 'settings', 'nodes', 'edges'],
  node: ['id', 'type', 'config', 'position'],
  edge: ['from', 'port', 'to'],
};

function ordered(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const known = keys.filter((key) => value[key] !== undefined).map((key) => [key, value[key]] as const);
  const rest = Object.keys(value).filter((key) => !keys.includes(key) && value[key] !== undefined).sort().map((key) => [key, value[key]] as const);
  return Object.fromEntries([...known, ...rest]);
}

/**
 * A journey as a file: journey, node and edge keys in one fixed order, two-space JSON, a final
 * newline — the same bytes however it was stored, so a git diff shows only what changed.
 */
export function formatJourneyFile(journey: JourneyDefinition): string {
  const canonical = {
    ...ordered(journey, keyOrder.journey!),
    nodes: journey.nodes.map((node) => ordered(node, keyOrder.node!)),
    edges: journey.edges.map((edge) => ordered(edge, keyOrder.edge!)),
  };
  return `${JSON.stringify(ordered(canonical, keyOrder.journey!), null, 2)}\n`;
}

function describeRefusal(error: ApiRefusal): string {
  return [error.message, ...(error.problem.errors ?? []).map(describe)].join('\n');
}

interface JourneySummary {
  id: string;
  name: string;
  publishedVersion: number | null;
}

/** The journey to update: --id, else the one with the file's name (two of that name is ambiguous). */
async function pushTarget(api: CliApi, name: string, id: string | undefined): Promise<string | undefined> {
  if (id) return id;
  const { journeys } = await api.get<{ journeys: JourneySummary[] }>('/v1/journeys');
  const named = journeys.filter((journey) => journey.name === name);
  if (named.length > 1) throw new CliError(`${named.length} journeys are named "${name}": say which with --id (${named.map((journey) => journey.id).join(', ')})`);
  return named[0]?.id;
}

async function push(api: CliApi, file: string, id: string | undefined, params: readonly string[], json: boolean): Promise<string> {
  const journey = journeyFile(file, parameterValues(params));
  const target = await pushTarget(api, journey.name, id);
  const saved = target ? await api.put<{ id: string }>(`/v1/journeys/${target}`, journey) : await api.post<{ id: string }>('/v1/journeys', journey);
  if (json) console.log(JSON.stringify({ id: saved.id, created: !target }));
  else console.log(`${file}: ${target ? 'draft updated' : 'journey created'} (${saved.id})`);
  return saved.id;
}

async function publish(api: CliApi, target: string, note: string | undefined, json: boolean): Promise<number> {
  const id = statSync(target, { throwIfNoEntry: false })?.isFile() ? await push(api, target, undefined, [], json) : target;
  const result = await api.post<{ version: number; unchanged: boolean }>(`/v1/journeys/${id}/publish`, note ? { note } : {});
  if (json) console.log(JSON.stringify({ id, ...result }));
  else console.log(result.unchanged ? `${id}: unchanged since version ${result.version}` : `${id}: published version ${result.version}`);
  return 0;
}

async function pull(api: CliApi, id: string, version: string | undefined, out: string | undefined): Promise<number> {
  let wanted = version ? Number(version) : undefined;
  if (wanted === undefined) {
    const journey = await api.get<JourneySummary>(`/v1/journeys/${id}`);
    if (journey.publishedVersion === null) throw new CliError(`${id}: not published yet (pull takes a published version)`);
    wanted = journey.publishedVersion;
  }
  if (!Number.isInteger(wanted) || wanted < 1) throw new CliError('--version takes a version number, e.g. --version 3');
  const { definition } = await api.get<{ definition: JourneyDefinition }>(`/v1/journeys/${id}/versions/${wanted}`);
  if (out) writeFileSync(out, formatJourneyFile(definition));
  else process.stdout.write(formatJourneyFile(definition));
  return 0;
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

function journeyFile(path: string, values: Record<string, unknown> = {}, name?: string) {
  const parsed = journeyDefinition.safeParse(journeyOf(loadJson(path, 'journey'), values, name));
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
  if (!isTemplate(loadJson(file, 'template'))) throw new CliError(`${file}: not a template (instantiate fills in a template from workflows/)`);
  const journey = journeyFile(file, parameterValues(params), name);
  if (out) writeFileSync(out, formatJourneyFile(journey));
  else process.stdout.write(formatJourneyFile(journey));
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

function describe(error: Pick<CompileError, 'message' | 'nodeId' | 'field'> & { code?: string }): string {
  const where = [error.nodeId && `node ${error.nodeId}`, error.field && `field ${error.field}`].filter(Boolean).join(', ');
  return `  ${where ? `${where}: ` : ''}${error.message}${error.code ? ` [${error.code}]` : ''}`;
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
      id: { type: 'string' },
      note: { type: 'string' },
      version: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, file, second] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (!file || !['validate', 'simulate', 'diff', 'instantiate', 'push', 'publish', 'pull'].includes(command)) throw new CliError(usage);
  if (command === 'push' || command === 'publish' || command === 'pull') {
    const api = apiFromEnv();
    try {
      if (command === 'push') return (await push(api, file, values.id, values.param, values.json), 0);
      if (command === 'publish') return await publish(api, file, values.note, values.json);
      return await pull(api, file, values.version, values.out);
    } catch (error) {
      if (!(error instanceof ApiRefusal)) throw error;
      console.error(values.json ? JSON.stringify({ status: error.status, ...error.problem }) : describeRefusal(error));
      return error.status === 401 || error.status === 403 ? 2 : 1;
    }
  }
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
    if (error instanceof ParameterErrors) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (error as Error).message : error);
    process.exit(2);
  },
);
