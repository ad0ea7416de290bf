import { defineConfig } from 'vite';

// The renderer is plain React + TSX; esbuild's automatic JSX runtime (tsconfig "jsx": "react-jsx")
// is enough, so no React plugin is needed.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  esbuild: { jsx: 'automatic' },
});
