/**
 * JSON.parse with engine-independent error locations. JSON.parse's messages differ between V8 versions
 * (Node, Electron, Chromium), so on failure a small iterative scanner finds the first bad character and
 * reports it as line:column.
 */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const err = locateJsonError(text);
    const { line, column } = lineColumn(text, err.offset);
    return { ok: false, message: `Invalid JSON at line ${line}, column ${column}: ${err.message}` };
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

interface SyntaxProblem {
  offset: number;
  message: string;
}

type Frame = { kind: 'array' | 'object'; state: 'start' | 'value' | 'key' | 'colon' | 'comma' };

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function describe(text: string, i: number): string {
  if (i >= text.length) return 'unexpected end of file (truncated?)';
  const ch = text[i];
  return `unexpected ${JSON.stringify(ch)}`;
}

/** Scans `text` (which JSON.parse rejected) and returns where and why it is not JSON. */
export function locateJsonError(text: string): SyntaxProblem {
  let i = 0;
  const stack: Frame[] = [];
  const skipWs = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const fail = (message: string, at = i): SyntaxProblem => ({ offset: at, message });

  // Reads one string starting at text[i] === '"'; returns an error or null.
  const readString = (): SyntaxProblem | null => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c === 0x5c) {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('invalid \\u escape in string');
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else return fail('invalid escape in string');
        continue;
      }
      if (c < 0x20) return fail('control character inside string (unescaped newline?)');
      i++;
    }
    return fail('unterminated string', start);
  };

  // Reads a scalar or opens a container; returns an error or null.
  const readValue = (): SyntaxProblem | null => {
    skipWs();
    const ch = text[i];
    if (ch === '{') {
      stack.push({ kind: 'object', state: 'start' });
      i++;
      return null;
    }
    if (ch === '[') {
      stack.push({ kind: 'array', state: 'start' });
      i++;
      return null;
    }
    if (ch === '"') return readString();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return null;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0].length > 0 && m[0] !== '-') {
      i += m[0].length;
      return null;
    }
    return fail(`${describe(text, i)}, expected a value`);
  };

  let err = readValue();
  if (err) return err;
  while (stack.length > 0) {
    skipWs();
    const top = stack[stack.length - 1];
    const ch = text[i];
    if (top.kind === 'array') {
      if ((top.state === 'start' || top.state === 'value') && ch === ']') {
        stack.pop();
        i++;
        if (stack.length) stack[stack.length - 1].state = 'value';
        continue;
      }
      if (top.state === 'value') {
        if (ch !== ',') return fail(`${describe(text, i)}, expected ',' or ']'`);
        i++;
        top.state = 'comma';
        continue;
      }
      top.state = 'value';
      err = readValue();
      if (err) return err;
      continue;
    }
    // object
    if ((top.state === 'start' || top.state === 'value') && ch === '}') {
      stack.pop();
      i++;
      if (stack.length) stack[stack.length - 1].state = 'value';
      continue;
    }
    if (top.state === 'value') {
      if (ch !== ',') return fail(`${describe(text, i)}, expected ',' or '}'`);
      i++;
      top.state = 'comma';
      continue;
    }
    if (top.state === 'start' || top.state === 'comma') {
      if (ch !== '"') return fail(`${describe(text, i)}, expected a property name in double quotes`);
      err = readString();
      if (err) return err;
      top.state = 'key';
      continue;
    }
    if (top.state === 'key') {
      if (ch !== ':') return fail(`${describe(text, i)}, expected ':'`);
      i++;
      top.state = 'value';
      err = readValue();
      if (err) return err;
      continue;
    }
  }
  skipWs();
  if (i < text.length) return fail(`${describe(text, i)} after the end of the JSON document`);
  // The scanner accepted it; JSON.parse did not (e.g. resource limits). Report the whole file.
  return fail('the JSON could not be parsed', 0);
}
