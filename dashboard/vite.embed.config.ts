/**
 * The second build: the Board page alone for a VS Code panel (src/embed/board-panel.tsx), as one classic
 * script and one stylesheet with fixed names, dist/embed/board.js and dist/embed/board.css. The
 * coordinator serves them at /embed/ (never cached: the panel always loads the server's own version),
 * and the extension reads them from there into its panel, so the .vsix carries no copy of the board.
 * Runs after the main build (which empties dist/).
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // Library mode leaves process.env alone; React picks its production build by it.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist/embed',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    lib: { entry: 'src/embed/board-panel.tsx', formats: ['iife'], name: 'AgentCoordinatorBoard', fileName: () => 'board.js', cssFileName: 'board' },
  },
});
