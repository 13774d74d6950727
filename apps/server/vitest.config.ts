import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { globalSetup: ["./test/cli-bundle.ts"], testTimeout: 120_000, hookTimeout: 60_000, fileParallelism: false },
});
