import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // A hang guard, not a speed check: compiling the three official schemas takes a moment on a loaded machine.
    testTimeout: 60_000,
  },
});
