/**
 * CSV import: numeric feature columns plus one label column. A first row with any non-numeric cell is a
 * header. Integer labels → classification (classes = the distinct values, sorted); fractional → regression.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DatasetError } from './errors';
import type { RawDataset } from './types';

function splitLine(line: string): string[] {
  // Quoted fields with embedded commas are rare in numeric data but cheap to honour.
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',' || c === ';' || c === '\t') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

const isNum = (s: string) => s !== '' && Number.isFinite(Number(s));

export function parseCsvDataset(text: string, file: string, labelColumn?: string | number): RawDataset {
  const lines = text.split(/\r?\n/).map((l, i) => ({ cells: splitLine(l), line: i + 1 })).filter((l) => l.cells.some((c) => c !== ''));
  if (lines.length === 0) throw new DatasetError(`${file} is empty.`);
  const hasHeader = lines[0].cells.some((c) => !isNum(c));
  const header = hasHeader ? lines[0].cells : null;
  const rows = hasHeader ? lines.slice(1) : lines;
  if (rows.length === 0) throw new DatasetError(`${file} has a header but no data rows.`);
  const width = lines[0].cells.length;
  if (width < 2) throw new DatasetError(`${file} needs at least one feature column and a label column (found ${width} column).`);
  let col: number;
  if (labelColumn === undefined) col = width - 1;
  else if (typeof labelColumn === 'number') {
    if (labelColumn >= width) throw new DatasetError(`${file}: label column index ${labelColumn} does not exist (the file has ${width} columns, 0..${width - 1}).`);
    col = labelColumn;
  } else {
    col = header ? header.indexOf(labelColumn) : -1;
    if (col < 0) {
      const names = header ? `columns: ${header.join(', ')}` : 'the file has no header row';
      throw new DatasetError(`${file}: label column '${labelColumn}' not found (${names}).`);
    }
  }
  const colName = header ? `'${header[col]}'` : `#${col}`;
  const features = width - 1;
  const x = new Float32Array(rows.length * features);
  const y = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    if (r.cells.length !== width) throw new DatasetError(`${file} line ${r.line}: ${r.cells.length} columns, expected ${width}.`);
    let k = 0;
    r.cells.forEach((c, j) => {
      if (!isNum(c)) {
        const what = j === col ? `label column ${colName}` : `column ${header ? `'${header[j]}'` : `#${j}`}`;
        throw new DatasetError(`${file} line ${r.line}: ${what} has a non-numeric value '${c}'.`);
      }
      if (j === col) y[i] = Number(c);
      else x[i * features + k++] = Number(c);
    });
  });
  const integer = y.every((v) => Number.isInteger(v));
  let classNames: string[] = [];
  if (integer) {
    const values = [...new Set(y)].sort((a, b) => a - b);
    const index = new Map(values.map((v, i) => [v, i]));
    for (let i = 0; i < y.length; i++) y[i] = index.get(y[i])!;
    classNames = values.map(String);
  }
  return {
    id: `path:${path.resolve(file)}`,
    name: path.basename(file),
    kind: 'tabular',
    sampleShape: [features],
    classNames,
    pool: { x, y, count: rows.length },
    skipped: [],
  };
}

export async function loadCsv(file: string, labelColumn?: string | number): Promise<RawDataset> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new DatasetError(`Cannot read CSV file ${file}: ${(e as Error).message}`);
  }
  return parseCsvDataset(text, file, labelColumn);
}
