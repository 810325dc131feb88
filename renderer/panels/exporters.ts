/**
 * Code exporters, loaded only if shared/export/index.ts exists (another engineer's module): until then the
 * code panel says "export not available yet" instead of failing to build.
 */
import type { NetwrightProject } from '../../shared/format';

export type ExportResult = { ok: true; code: string } | { ok: false; report: unknown };

export interface CodeExporter {
  id: string;
  label: string;
  language: string;
  exportCode(project: NetwrightProject): ExportResult;
}

const modules = import.meta.glob<Record<string, unknown>>('../../shared/export/index.ts');

function isExporter(v: unknown): v is CodeExporter {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.exportCode === 'function';
}

/** The registry as a list, whatever container shape it uses (array, record or Map). */
export async function loadExporters(): Promise<CodeExporter[]> {
  const load = Object.values(modules)[0];
  if (!load) return [];
  const mod = await load();
  const reg = mod.exporters;
  const values = reg instanceof Map ? [...reg.values()] : Array.isArray(reg) ? reg : reg && typeof reg === 'object' ? Object.values(reg) : [];
  return values.filter(isExporter).map((e) => ({ ...e, label: e.label ?? e.id, language: e.language ?? 'plaintext' }));
}

/** A readable text for a failed export's capability report. */
export function reportText(report: unknown): string {
  if (typeof report === 'string') return report;
  if (Array.isArray(report)) return report.map((r) => (typeof r === 'string' ? r : reportLine(r))).join('\n');
  if (report && typeof report === 'object') {
    const o = report as Record<string, unknown>;
    if (Array.isArray(o.problems)) return reportText(o.problems);
    if (Array.isArray(o.issues)) return reportText(o.issues);
    if (typeof o.message === 'string') return o.message;
  }
  return JSON.stringify(report, null, 2);
}

function reportLine(r: unknown): string {
  if (!r || typeof r !== 'object') return String(r);
  const o = r as Record<string, unknown>;
  const who = o.nodeName ?? o.node ?? o.nodeId;
  const what = o.message ?? o.reason ?? JSON.stringify(r);
  const alt = o.alternative ?? o.suggestion;
  return `${who ? `${String(who)}: ` : ''}${String(what)}${alt ? ` (try: ${String(alt)})` : ''}`;
}

export function monacoLanguage(language: string): string {
  const l = language.toLowerCase();
  if (l.includes('python')) return 'python';
  if (l.includes('typescript') || l === 'ts') return 'typescript';
  if (l.includes('javascript') || l === 'js') return 'javascript';
  return 'plaintext';
}
