import { compile, CompileError, simulate, simulationScript } from '@trellis/journey';
import { parseArgs } from 'node:util';
import { createFullCatalogue } from '../index';
import { simulateActions } from '../simulate-actions';
import { CliError, journeyOf, loadJson } from './load-json';

const usage = `usage:
  trellis validate <journey.json> [--json]
  trellis simulate <journey.json> --script <script.json>

A journey file is a journey ({ name, nodes, edges }) or a template from workflows/.
Exit codes: 0 ok, 1 the journey or script has errors, 2 bad usage or unreadable file.`;

function describe(error: CompileError): string {
  const where = [error.nodeId && `node ${error.nodeId}`, error.field && `field ${error.field}`].filter(Boolean).join(', ');
  return `  ${where ? `${where}: ` : ''}${error.message} [${error.code}]`;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, script: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, file] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (!file || (command !== 'validate' && command !== 'simulate')) throw new CliError(usage);

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
