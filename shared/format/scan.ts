import type { ErrorList } from './errors';
import { FORBIDDEN_KEYS, type FormatLimits } from './limits';
import { formatPath, type PathSegment } from './jsonpath';

/**
 * One iterative pass over the parsed JSON, before any schema code runs: rejects over-deep nesting
 * (JSON.stringify and recursive validators would overflow the stack), over-long strings and keys, and
 * prototype-polluting keys. Iterative so hostile depth cannot crash the scanner itself.
 */
export function scanHostile(root: unknown, limits: FormatLimits, errors: ErrorList): void {
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength) {
        errors.add(
          formatPath(path),
          `string of ${value.length.toLocaleString('en-US')} characters exceeds the limit of ${limits.maxStringLength.toLocaleString('en-US')}`,
        );
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= limits.maxDepth) {
      errors.add(formatPath(path), `nesting deeper than ${limits.maxDepth} levels`);
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(value);
    const children: { value: unknown; path: PathSegment[] }[] = [];
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) {
        errors.add(formatPath([...path, key]), `the key "${key}" is not allowed (reserved by JavaScript)`);
      } else if (key.length > limits.maxStringLength) {
        errors.add(formatPath(path), `a property name of ${key.length} characters exceeds the limit of ${limits.maxStringLength}`);
      } else children.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
  }
}
