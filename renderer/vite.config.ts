// Renderer build: relative base so both Electron (file://) and the browser-mode server can serve dist/renderer.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
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
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
