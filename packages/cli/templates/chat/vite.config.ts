import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const web = (file: string): string => fileURLToPath(new URL(`./web/${file}`, import.meta.url));

// The browser side of the chat: two pages built into web-dist/, which the app serves itself.
// `pnpm dev:web` runs Vite's dev server and proxies the API and sockets to the app on :3000.
export default defineConfig({
  root: web(''),
  build: {
    outDir: fileURLToPath(new URL('./web-dist', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: { input: { index: web('index.html'), board: web('board.html') } },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/ws': { target: 'ws://127.0.0.1:3000', ws: true },
      '/docs': 'http://127.0.0.1:3000',
      '/admin': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
