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
    rollupOptions: {
      output: {
        // Keep the editor core apart from monaco, which is only loaded when the code panel opens.
        manualChunks(id) {
          if (id.includes('node_modules/monaco-editor')) return 'monaco';
          if (id.includes('node_modules/elkjs')) return 'elk';
          if (id.includes('node_modules/@xyflow') || id.includes('node_modules/react')) return 'vendor';
          return undefined;
        },
      },
    },
  },
  worker: { format: 'es' },
  server: { fs: { allow: [`${root}/..`] } },
});
