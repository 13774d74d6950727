import { defineConfig } from "vitest/config";

// The suites start real servers and a browser: one file at a time (the machine is shared).
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    reporters: ["verbose"],
  },
});
