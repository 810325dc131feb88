/**
 * Monaco, bundled locally (no CDN): only the core editor API, the Python/TypeScript tokenizers and the
 * generic editor worker. Loaded lazily by the code panel so it never weighs on start-up.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

(self as unknown as { MonacoEnvironment: { getWorker(): Worker } }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
