import { fileURLToPath } from 'node:url';

/** The repository (or packaged app) root, from this file's location. */
export const appRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Where `vite build` puts the renderer. */
export const rendererDistDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
