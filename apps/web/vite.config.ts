import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: false, target: "es2022", chunkSizeWarningLimit: 600 },
  server: { port: 5173, proxy: { "/api": "http://127.0.0.1:3000" } },
});
