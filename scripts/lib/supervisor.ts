import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ServiceSpec {
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Resolves true once the service answers; polled until `readyTimeoutMs`. */
  ready: () => Promise<boolean>;
  /** Alternatively, ready once the service prints a matching line. */
  readyLine?: RegExp;
  readyTimeoutMs?: number;
  /** Hide log lines while the stack runs quietly (tests); they still show if the service fails. */
  quiet?: boolean;
}

const colours = [36, 35, 33, 32, 34, 31];

// setpriv's parent-death signal stops a server even if this process is killed with SIGKILL,
// so nothing we start can outlive us.
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Running {
  spec: ServiceSpec;
  child: ChildProcess;
  exited: Promise<void>;
  recent: string[];
  /** Stopped on purpose by `kill`: its exit is no failure. */
  killed: boolean;
}

/**
 * Starts services in order, each waited on until ready, with prefixed logs; stops them all, in
 * reverse order, on `stop()` or when any of them dies.
 */
export class Supervisor {
  private readonly running: Running[] = [];
  private stopping: Promise<void> | undefined;
  private readonly width: number;

  constructor(
    names: readonly string[],
    private readonly onUnexpectedExit: (name: string, recent: string[]) => void = () => undefined,
  ) {
    this.width = Math.max(...names.map((name) => name.length));
  }

  async start(spec: ServiceSpec): Promise<void> {
    const colour = colours[this.running.length % colours.length];
    const prefix = `\x1b[${colour}m${spec.name.padEnd(this.width)} |\x1b[0m `;
    const [command, args] = setpriv
      ? [setpriv, ['--pdeathsig', 'TERM', '--', spec.command, ...spec.args]]
      : [spec.command, [...spec.args]];
    const child = spawn(command, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const recent: string[] = [];
    let sawReadyLine = false;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        recent.push(line);
        if (spec.readyLine?.test(line)) sawReadyLine = true;
        if (recent.length > 60) recent.shift();
        if (!spec.quiet) process.stdout.write(prefix + line + '\n');
      });
    }
    let exitedEarly = false;
    const entry: Running = { spec, child, exited: Promise.resolve(), recent, killed: false };
    entry.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exitedEarly = true;
        if (!this.stopping && !entry.killed) {
          if (!spec.quiet) process.stdout.write(`${prefix}exited (${signal ?? `code ${code}`})\n`);
          this.onUnexpectedExit(spec.name, recent);
        }
        resolve();
      });
      child.once('error', (error) => {
        recent.push(`cannot start ${spec.command}: ${error.message}`);
        exitedEarly = true;
        resolve();
      });
    });
    this.running.push(entry);

    const deadline = Date.now() + (spec.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (exitedEarly) throw new Error(`${spec.name} exited while starting:\n${recent.slice(-20).join('\n')}`);
      if (sawReadyLine || (await spec.ready().catch(() => false))) return;
      if (Date.now() > deadline) {
        throw new Error(`${spec.name} was not ready within ${(spec.readyTimeoutMs ?? 60_000) / 1000} s:\n${recent.slice(-20).join('\n')}`);
      }
      await delay(250);
    }
  }

  /**
   * Stops one service on purpose (fault tests kill a worker or a server with SIGKILL); it can be
   * started again with `start`. Its exit is not reported as unexpected. False if none was running.
   */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<boolean> {
    const service = this.running.find((candidate) => candidate.spec.name === name);
    if (!service) return false;
    this.running.splice(this.running.indexOf(service), 1);
    service.killed = true;
    if (service.child.exitCode === null && service.child.signalCode === null && service.child.pid !== undefined) {
      try {
        process.kill(-service.child.pid, signal);
      } catch {
        // Already gone.
      }
    }
    await service.exited;
    return true;
  }

  /** Resident memory of a running service's process, in MB (Linux /proc). */
  rssMb(name: string): number {
    const pid = this.running.find((service) => service.spec.name === name)?.child.pid;
    if (pid === undefined) throw new Error(`no running service named ${name}`);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    return Math.round(kb / 1024);
  }

  /** Stops everything, newest first: SIGTERM, then SIGKILL for whatever is still up after 10 s. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of [...this.running].reverse()) {
        if (service.child.exitCode !== null || service.child.signalCode !== null || service.child.pid === undefined) continue;
        const pid = service.child.pid;
        const kill = (signal: NodeJS.Signals) => {
          try {
            process.kill(-pid, signal);
          } catch {
            // Already gone.
          }
        };
        kill('SIGTERM');
        const timer = setTimeout(() => kill('SIGKILL'), 10_000);
        await service.exited;
        clearTimeout(timer);
      }
    })();
    return this.stopping;
  }
}
