import { describe, it, expect } from 'vitest';
import { defaultCapabilities } from '../../../main/server/wiring';

describe('default host capabilities', () => {
  it('lists the built-in datasets through main/datasets', async () => {
    const caps = await defaultCapabilities();
    expect(typeof caps.datasets).toBe('function');
    const list = await (caps.datasets as () => Promise<{ id: string; inputShape: number[] }[]>)();
    expect(list.find((d) => d.id === 'mnist')?.inputShape).toEqual([28, 28, 1]);
  });
});
