import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const api = process.env.RELATA_API ?? "http://127.0.0.1:3000";

// `npm run dev -w web`: Vite with the API (and its WebSocket) proxied to a running server.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Only what every screen needs is grouped: a group takes in every module it matches, so a
          // wider one (all of Mantine, TanStack Table) would put the lists' and pickers' code in
          // the sign-in page's first load. Mantine splits along the screens that use it.
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: "tanstack",
              test: /node_modules[\\/]@tanstack[\\/](react-router|router-core|history|store|react-store|query-core|react-query)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: api, changeOrigin: false, ws: true },
      "/health": { target: api },
    },
  },
});
