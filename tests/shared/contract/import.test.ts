// The importModel / chooseModelFile contract: argument schemas (exactly one of path or base64 bytes, the
// size cap), result validation, which clients forward what, the menu command, and the mock host's refusal.
import { describe, it, expect } from 'vitest';
import { HOST_CALLS, MENU_COMMANDS } from '../../../shared/contract/host';
import { MAX_TEXT_CHARS, desktopHostCalls, dispatchCall, forwardedHostCalls, parseResult, type HostCallFn, type HostServiceImpl } from '../../../shared/contract/rpc';
import { createMockHost } from '../../../renderer/host/mock';

const result = { projectText: '{}', warnings: ['w'], unsupported: [{ name: 'n', op: 'Einsum', reason: 'no layer' }] };
// Only the two calls under test are reached; dispatchCall validates before calling.
const seen: unknown[] = [];
const impl = {
  importModel: async (request: unknown) => {
    seen.push(request);
    return result;
  },
  chooseModelFile: async () => '/picked/model.onnx',
} as unknown as HostServiceImpl;

describe('importModel contract', () => {
  it('accepts a path or base64 bytes, never both or neither, and validates the pieces', async () => {
    expect(await dispatchCall(impl, 'importModel', [{ path: 'm.onnx', allowPartial: false }])).toEqual({ ok: true, result });
    expect(await dispatchCall(impl, 'importModel', [{ name: 'm.onnx', bytesBase64: 'AAEC', allowPartial: true }])).toEqual({ ok: true, result });
    expect(seen).toEqual([
      { path: 'm.onnx', allowPartial: false },
      { name: 'm.onnx', bytesBase64: 'AAEC', allowPartial: true },
    ]);
    const refused: [unknown, RegExp][] = [
      [{ allowPartial: false }, /exactly one of path or bytesBase64/],
      [{ path: 'm.onnx', bytesBase64: 'AAEC', allowPartial: false }, /exactly one of path or bytesBase64/],
      [{ bytesBase64: 'not base64!', allowPartial: false }, /not base64/],
      [{ path: 'a\0b.onnx', allowPartial: false }, /NUL/],
      [{ path: 'm.onnx' }, /allowPartial/],
      [{ bytesBase64: 'A'.repeat(MAX_TEXT_CHARS + 4), allowPartial: false }, /bytesBase64/],
    ];
    for (const [arg, why] of refused) {
      const r = await dispatchCall(impl, 'importModel', [arg]);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('BAD_ARGS');
        expect(r.error.message).toMatch(why);
      }
    }
    expect(seen).toHaveLength(2);
  });

  it('results are checked on the client side', () => {
    expect(parseResult('importModel', result)).toEqual(result);
    expect(() => parseResult('importModel', { projectText: '{}', warnings: [] })).toThrow(/invalid result for importModel.*unsupported/);
    expect(parseResult('chooseModelFile', null)).toBeNull();
  });

  it('browser and desktop clients forward importModel; only the desktop adds chooseModelFile; the menu can ask for it', async () => {
    const calls: unknown[][] = [];
    const call = (async (method: string, ...args: unknown[]) => {
      calls.push([method, ...args]);
      return null;
    }) as HostCallFn;
    await forwardedHostCalls(call).importModel({ path: 'm.onnx', allowPartial: false });
    await desktopHostCalls(call).chooseModelFile();
    expect(calls).toEqual([['importModel', { path: 'm.onnx', allowPartial: false }], ['chooseModelFile']]);
    expect('chooseModelFile' in forwardedHostCalls(call)).toBe(false);
    expect(HOST_CALLS).toContain('importModel');
    expect(HOST_CALLS).toContain('chooseModelFile');
    expect(MENU_COMMANDS).toContain('importModel');
  });

  it('the mock host has no converter and says so', async () => {
    const host = createMockHost();
    await expect(host.importModel({ name: 'lenet.onnx', bytesBase64: 'AAEC', allowPartial: false })).rejects.toThrow(
      /Importing lenet\.onnx needs the desktop app or browser mode: the mock host has no model converter/,
    );
    expect(host.chooseModelFile).toBeUndefined();
  });
});
