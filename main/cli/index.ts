/**
 * CLI entry point (bin/netwright runs it through tsx). Exit code via process.exitCode so buffered
 * stdout is flushed before the process ends. The command modules are imported dynamically inside the
 * try so that even a module that fails to load ends in one stderr line, not a stack trace.
 */
export {}; // an ES module: top-level await below

const debug = process.env.NETWRIGHT_DEBUG === '1';

function fatal(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`netwright: internal error: ${message.split('\n')[0]} (set NETWRIGHT_DEBUG=1 for details)\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
}

// `netwright inspect … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  fatal(err);
});
process.on('uncaughtException', (err) => {
  fatal(err);
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  fatal(err);
  process.exit(1);
});

try {
  const { runCli } = await import('./dispatch');
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (s: string) => void process.stdout.write(s),
    stderr: (s: string) => void process.stderr.write(s),
    cwd: process.cwd(),
  });
} catch (err) {
  fatal(err);
}
