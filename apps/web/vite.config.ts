// Imported by path, not as @roundtable/config: Vite bundles relative imports of its config
// but loads workspace packages with plain Node, which cannot run their TypeScript sources.
import { loadSettings } from "../../config/src/settings.ts";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dev server port is a project setting (WEB_PORT), validated with every other setting.
const { webPort } = loadSettings(process.env);

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: "convex", test: /node_modules[\\/]convex[\\/]/ },
            { name: "ui", test: /node_modules[\\/](@radix-ui|@floating-ui|lucide-react|sonner)[\\/]/ },
            { name: "data", test: /node_modules[\\/](zod|@trpc|@tanstack|immer|zustand)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { port: webPort, strictPort: true },
  preview: { port: webPort, strictPort: true },
});
