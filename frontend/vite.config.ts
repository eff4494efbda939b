/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

const backend = 'http://127.0.0.1:8080'

export default defineConfig({
  // The Rust server serves dist/ at `/` and the docs page at /api/docs, so asset URLs must be absolute.
  base: '/',
  plugins: [
    vue(),
    // Element Plus on demand: components and their CSS are imported only where used.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: 'auto-imports.d.ts' }),
    // Own components are imported explicitly; only Element Plus is resolved automatically.
    Components({ dirs: [], resolvers: [ElementPlusResolver()], dts: 'components.d.ts' }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/readyz': backend,
    },
  },
  build: {
    outDir: 'dist',
    // Swagger UI is one large bundle, loaded only by the docs page.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        docs: fileURLToPath(new URL('./api-docs.html', import.meta.url)),
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    // Element Plus ships ESM that imports its own CSS; let Vite transform it instead of Node.
    server: { deps: { inline: ['element-plus'] } },
  },
})
