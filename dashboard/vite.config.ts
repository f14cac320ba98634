/**
 * Builds the dashboard into dist/: hashed assets under dist/assets/ (the server caches them for a year)
 * and index.html (never cached). No CDN, no web fonts: everything the page loads comes from the server.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  // `npm run dev --workspace dashboard` against a coordinator on 127.0.0.1:3737.
  server: { proxy: { '/trpc': { target: 'http://127.0.0.1:3737', ws: true } } },
});
