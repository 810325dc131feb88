/** JSON paths in the form used by every loader error: `graph.nodes[3].params.filters`; `$` is the root. */
export type PathSegment = string | number;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return '$';
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg.length > 40 ? `${seg.slice(0, 40)}…` : seg)}]`;
  }
  return out;
}

export function joinPath(base: string, ...segments: PathSegment[]): string {
  const tail = formatPath(segments);
  if (base === '$' || base === '') return tail;
  if (segments.length === 0) return base;
  return tail.startsWith('[') ? base + tail : `${base}.${tail}`;
}
