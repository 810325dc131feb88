import { describe, expect, it } from 'vitest';
import { loadExporters, monacoLanguage, reportText } from '../../../renderer/panels/exporters';
import { defaultProject } from '../../../renderer/state/store';

describe('code panel exporters adapter', () => {
  it('lists well-formed exporters from shared/export when present (none before it lands)', async () => {
    const list = await loadExporters();
    for (const e of list) {
      expect(typeof e.id).toBe('string');
      expect(typeof e.label).toBe('string');
      const r = e.exportCode(defaultProject());
      expect(typeof r.ok).toBe('boolean');
      if (r.ok) expect(r.code.length).toBeGreaterThan(0);
    }
  });

  it('renders capability reports readably', () => {
    expect(reportText('no LRN')).toBe('no LRN');
    expect(reportText([{ nodeName: 'lrn1', message: 'LRN is not in Keras', alternative: 'BatchNormalization' }])).toBe(
      'lrn1: LRN is not in Keras (try: BatchNormalization)',
    );
    expect(reportText({ problems: [{ nodeId: 'x', reason: 'unsupported' }] })).toBe('x: unsupported');
  });

  it('maps target languages to monaco tokenizers', () => {
    expect(monacoLanguage('Python')).toBe('python');
    expect(monacoLanguage('typescript')).toBe('typescript');
    expect(monacoLanguage('json')).toBe('plaintext');
  });
});
