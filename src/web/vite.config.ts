import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The staff workspace and patron pages: built to dist/web, served by the Interlend process at `/`. */
export default defineConfig({
  root: here,
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)), emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/iso18626': 'http://127.0.0.1:8080', '/ncip': 'http://127.0.0.1:8080' } },
});
