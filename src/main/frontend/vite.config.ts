import { defineConfig } from 'vite';

// Built by Maven (exec-maven-plugin: npm run build -- --outDir target/classes/static). `npm run dev` serves the UI on
// :5173 and proxies the API to the app on :8080.
export default defineConfig({
  build: {
    sourcemap: true,
    chunkSizeWarningLimit: 2500, // the bpmn-io editors chunk, loaded only on the model pages
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/login': 'http://localhost:8080',
      '/logout': 'http://localhost:8080',
    },
  },
});
