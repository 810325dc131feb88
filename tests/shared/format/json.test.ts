import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lineColumn, locateJsonError, parseJson } from '../../../shared/format/json';

describe('parseJson error locations', () => {
  const cases: [string, string][] = [
    ['{"a": 1,}', 'line 1, column 9: unexpected "}", expected a property name in double quotes'],
    ['[1, 2', "line 1, column 6: unexpected end of file (truncated?), expected ',' or ']'"],
    ['{"a" 1}', 'line 1, column 6: unexpected "1", expected \':\''],
    ['{\n "a": tru\n}', 'line 2, column 7: unexpected "t", expected a value'],
    ['{"a": "x\ny"}', 'line 1, column 9: control character inside string (unescaped newline?)'],
    ['{"a": 1} x', 'line 1, column 10: unexpected "x" after the end of the JSON document'],
    ['[1,]', 'line 1, column 4: unexpected "]", expected a value'],
    ['{"a": "\\q"}', 'line 1, column 8: invalid escape in string'],
    ["{'a': 1}", 'line 1, column 2: unexpected "\'", expected a property name in double quotes'],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => {
      const r = parseJson(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toBe(`Invalid JSON at ${expected}`);
    });
  }

  it('the scanner accepts exactly what JSON.parse accepts (random JSON, mutated)', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 3 }), (json, at, insert) => {
        const pos = at % (json.length + 1);
        const mutated = json.slice(0, pos) + insert + json.slice(pos);
        let valid = true;
        try {
          JSON.parse(mutated);
        } catch {
          valid = false;
        }
        if (valid) return;
        const problem = locateJsonError(mutated);
        expect(problem.message).not.toBe('the JSON could not be parsed');
        expect(problem.offset).toBeGreaterThanOrEqual(0);
        expect(problem.offset).toBeLessThanOrEqual(mutated.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('lineColumn counts from 1', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
