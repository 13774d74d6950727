import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // A hang guard, not a speed check (speed is measured by `pnpm bench`): the fixture and
    // property tests run thousands of cases and take seconds on a loaded 2-core machine.
    testTimeout: 60_000,
  },
});
