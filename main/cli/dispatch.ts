import { readFileSync } from 'node:fs';
import { commands as registry } from './commands/index';
import { CliError } from './errors';
import type { CliCommand, CliIO } from './types';

export function version(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  } catch {
    /* fall through */
  }
  return 'unknown';
}

export function mainHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(4, ...commands.map((c) => c.name.length));
  return [
    'Netwright — design, check, train and export neural networks.',
    '',
    'Usage: netwright <command> [arguments]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  Show help for a command: netwright help <command>`,
    '',
    'Models are project files (.json) or presets from the zoo: preset:NAME (see: netwright preset --list).',
    'Options: --help, --version',
    '',
  ].join('\n');
}

const isHelpFlag = (a: string) => a === '--help' || a === '-h';

/**
 * Runs one CLI invocation and returns the exit code. Every failure ends here: CliError → its message
 * on one stderr line and its exit code; anything else → one "internal error" line, exit 1 (stack only
 * with NETWRIGHT_DEBUG=1).
 */
export async function runCli(argv: string[], io: CliIO, commands: readonly CliCommand[] = registry): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || isHelpFlag(name)) {
      io.stdout(mainHelp(commands));
      return 0;
    }
    if (name === '--version' || name === '-v' || name === 'version') {
      io.stdout(`netwright ${version()}\n`);
      return 0;
    }
    const find = (n: string) => commands.find((c) => c.name === n);
    if (name === 'help') {
      if (rest.length === 0) {
        io.stdout(mainHelp(commands));
        return 0;
      }
      const target = find(rest[0]);
      if (!target) throw new CliError(`help: unknown command '${rest[0]}' (commands: ${commands.map((c) => c.name).join(', ')})`, 2);
      io.stdout(`${target.usage}\n`);
      return 0;
    }
    if (name.startsWith('-')) throw new CliError(`unknown option '${name}' (try: netwright --help)`, 2);
    const command = find(name);
    if (!command) {
      throw new CliError(`unknown command '${name}' (commands: ${commands.map((c) => c.name).join(', ')}; try: netwright --help)`, 2);
    }
    // `--help` anywhere before a `--` terminator shows the command's usage.
    const end = rest.indexOf('--');
    if ((end === -1 ? rest : rest.slice(0, end)).some(isHelpFlag)) {
      io.stdout(`${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`netwright: ${firstLine(err.message)}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`netwright: internal error: ${firstLine(message)} (set NETWRIGHT_DEBUG=1 for details)\n`);
    if (process.env.NETWRIGHT_DEBUG === '1' && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return 1;
  }
}

function firstLine(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}
