// `netwright serve` argument handling (the served app itself is covered by server/e2e tests).
import { describe, it, expect } from 'vitest';
import { command } from '../../../main/cli/commands/serve';

const io = () => {
  const out: string[] = [];
  return { out, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(s), cwd: '/tmp' } };
};

describe('netwright serve', () => {
  it('documents loopback, token and workspace in its usage', () => {
    expect(command.name).toBe('serve');
    expect(command.usage).toMatch(/127\.0\.0\.1/);
    expect(command.usage).toMatch(/token/);
    expect(command.usage).toMatch(/--workspace DIR/);
  });
  it('rejects a bad port and unknown options with one-line usage errors', async () => {
    await expect(command.run(['--port', 'abc'], io().io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--port must be an integer/) });
    await expect(command.run(['--port', '70000'], io().io)).rejects.toMatchObject({ exitCode: 2 });
    await expect(command.run(['--bogus'], io().io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/unknown option '--bogus'/) });
    await expect(command.run(['extra'], io().io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/unexpected argument 'extra'/) });
  });
});
