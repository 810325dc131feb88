/**
 * CLI entry point (bin/netwright runs it through tsx). Exit code via process.exitCode so buffered
 * stdout is flushed before the process ends.
 */
import { runCli } from './dispatch';

// `netwright inspect … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const io = {
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
  cwd: process.cwd(),
};

process.exitCode = await runCli(process.argv.slice(2), io);
