/**
 * Params are validated with zod once per params object, then cached by identity: commands replace the
 * params object on every edit, so an unchanged object is an unchanged, already-validated value. This keeps
 * zod off the inference hot path.
 */
import type { LayerSpec } from '../layers/types';

export type ParsedParams =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; issues: { path: string; message: string }[] };

/** The registry functions the analyzer needs (injectable for tests; defaults to shared/layers). */
export interface LayerLookup {
  getLayerSpec(type: string): LayerSpec | undefined;
  parseLayerParams(type: string, raw: unknown): ParsedParams;
}

export class ParamsCache {
  // One slot per params object; a second type for the same object (rare) just replaces the slot.
  private readonly cache = new WeakMap<object, { type: string; result: ParsedParams }>();

  constructor(private readonly lookup: LayerLookup) {}

  get(type: string, raw: Record<string, unknown>): ParsedParams {
    const hit = this.cache.get(raw);
    if (hit !== undefined && hit.type === type) return hit.result;
    const result = this.parse(type, raw);
    if (typeof raw === 'object' && raw !== null) this.cache.set(raw, { type, result });
    return result;
  }

  private parse(type: string, raw: Record<string, unknown>): ParsedParams {
    try {
      return this.lookup.parseLayerParams(type, raw);
    } catch (e) {
      return { ok: false, issues: [{ path: '', message: `internal error checking params: ${e instanceof Error ? e.message : String(e)}` }] };
    }
  }
}

const caches = new WeakMap<LayerLookup, ParamsCache>();

/** One cache per registry, shared by every analyzer (analyzeGraph creates a fresh analyzer per call). */
export function paramsCacheFor(lookup: LayerLookup): ParamsCache {
  let c = caches.get(lookup);
  if (c === undefined) {
    c = new ParamsCache(lookup);
    caches.set(lookup, c);
  }
  return c;
}
