// Renderer build: relative base so both Electron (file://) and the browser-mode server can serve dist/renderer.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Vite injects __dirname into config files; paths stay strings so this file needs no Node imports
// (renderer/ is lint-restricted from them). outDir is relative to root.
const root = __dirname;

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // No manualChunks: monaco (code panel) and elkjs (auto-layout) are dynamic imports, so Rollup keeps
    // them out of the start-up bundle on its own.
  },
  worker: { format: 'es' },
  server: { fs: { allow: [`${root}/..`] } },
});
