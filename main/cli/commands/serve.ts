import path from 'node:path';
import { parseCommandArgs, expectPositionals } from '../args';
import { CliError } from '../errors';
import type { CliCommand } from '../types';

const USAGE_LINE = 'netwright serve [--port P] [--workspace DIR] [--open]';

/** Resolves when the process is asked to stop (Ctrl-C, kill), so the command can close cleanly. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(s);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export const command: CliCommand = {
  name: 'serve',
  summary: 'Browser mode: serve the editor on 127.0.0.1 and print its token URL',
  usage: `${USAGE_LINE}

Serves the editor (building dist/renderer on first use) and the app's host services over a WebSocket on
127.0.0.1 only. Every start makes a new random token; open the printed URL (it carries ?token=…).
Requests without the token, from another Origin or another Host name are refused. Training runs in
child processes, as with 'netwright train'. Stop with Ctrl-C.

Options:
  --port P          port to listen on (default: a free one)
  --workspace DIR   folder for project files; the page can read/write only .json files inside it
                    (default: ~/Netwright)
  --open            also open the URL in the system browser`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('serve', USAGE_LINE, argv, {
      port: { type: 'string' },
      workspace: { type: 'string' },
      open: { type: 'boolean' },
    });
    expectPositionals('serve', USAGE_LINE, positionals, 0);
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`serve: --port must be an integer 0–65535, got '${values.port}'`, 2);
    }
    const workspace = values.workspace === undefined ? undefined : path.resolve(io.cwd, values.workspace);
    const { startServer } = await import('../../server/server');
    let server;
    try {
      server = await startServer({ port, workspace, open: values.open, log: (l) => io.stderr(`${l}\n`) });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE') throw new CliError(`serve: port ${port} is already in use (omit --port for a free one)`, 2);
      throw new CliError(`serve: ${err.message}`, 1);
    }
    io.stdout(`Netwright is running in browser mode (workspace: ${server.workspace}).\nOpen: ${server.url}\n`);
    await untilSignal();
    io.stderr('Stopping…\n');
    await server.close();
    return 0;
  },
};
