import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs with one-line errors that name the command and its usage, instead of Node's
 * multi-sentence TypeErrors.
 */
export function parseCommandArgs<O extends Options>(command: string, usageLine: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    const message = err instanceof Error ? err.message : String(err);
    let what = message.split(/\.\s/)[0].replace(/\.$/, '');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const opt = /'([^']+)'/.exec(message)?.[1] ?? '?';
      what = `unknown option '${opt}'`;
    }
    throw new CliError(`${command}: ${what} (usage: ${usageLine})`, 2);
  }
}

/** Exactly `n` positionals, else a usage error. */
export function expectPositionals(command: string, usageLine: string, positionals: string[], min: number, max = min): void {
  if (positionals.length < min) throw new CliError(`${command}: missing argument (usage: ${usageLine})`, 2);
  if (positionals.length > max) {
    throw new CliError(`${command}: unexpected argument '${positionals[max]}' (usage: ${usageLine})`, 2);
  }
}
