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
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "mantine", test: /node_modules[\\/]@mantine[\\/]/ },
            { name: "tanstack", test: /node_modules[\\/]@tanstack[\\/]/ },
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
