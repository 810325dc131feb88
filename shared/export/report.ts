import type { CapabilityIssue } from './types';

/** The capability report as text, one line per issue: "name (Type): message — try: alternative". */
export function formatReport(target: string, report: readonly CapabilityIssue[]): string {
  const lines = report.map((r) => {
    const who = r.nodeName ? `${r.nodeName}${r.type ? ` (${r.type})` : ''}: ` : '';
    return `  ✗ ${who}${r.message}${r.alternative ? ` — try: ${r.alternative}` : ''}`;
  });
  return `${target} cannot express this graph exactly (${report.length} issue${report.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}
