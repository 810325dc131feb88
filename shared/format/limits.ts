/**
 * Hard limits applied before anything else looks at a loaded document, so hostile or corrupt files fail
 * with a specific error instead of exhausting memory or the stack.
 */
export interface FormatLimits {
  /** Whole file, in UTF-16 code units (≈ bytes for JSON). */
  maxTextLength: number;
  /** Any single string value or object key. Names, ids and docs are short; 10 MB strings are an attack. */
  maxStringLength: number;
  /** Nesting depth of objects/arrays. Legit projects stay below ~10; JSON.stringify recurses. */
  maxDepth: number;
  /** Nodes in the main graph plus all user blocks. */
  maxNodes: number;
  /** Edges in the main graph plus all user blocks. */
  maxEdges: number;
  /** Groups in the main graph plus all user blocks. */
  maxGroups: number;
  /** Errors reported before the rest are summarised in one line. */
  maxErrors: number;
}

export const DEFAULT_LIMITS: Readonly<FormatLimits> = Object.freeze({
  maxTextLength: 64 * 1024 * 1024,
  maxStringLength: 64 * 1024,
  maxDepth: 64,
  maxNodes: 50_000,
  maxEdges: 200_000,
  maxGroups: 50_000,
  maxErrors: 100,
});

/** Keys that could reach Object.prototype if some consumer copies objects carelessly; never legitimate. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
