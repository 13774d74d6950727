import { defineConfig } from "vitest/config";

// Each test file opens its own SQLite file and hashes passwords with argon2
// (memory-hard): run files one at a time so a 2-core machine is not oversubscribed.
export default defineConfig({
  test: {
    pool: "forks",
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
