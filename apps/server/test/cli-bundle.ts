import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import type { TestProject } from "vitest/node";

/**
 * Vitest global setup: the command-line tests spawn the CLI some hundred times, and run through tsx each start spends
 * about three seconds handing hundreds of small TypeScript modules to its loader. So the tests run the same
 * `src/cli.ts`, bundled here once per test run with esbuild (our workspace code in, npm packages left as imports):
 * the same code, started in a fraction of the time. `cli.test.ts` still runs `bin/embargo.mjs` itself once.
 */

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Each module keeps its own location: `import.meta.url` is how the database finds its migrations, the advisory
 * package its JSON schemas and the server the web app's build, all relative to their source files.
 */
const keepModuleLocations: Plugin = {
  name: "keep-module-locations",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const url = pathToFileURL(args.path).href;
      const source = readFileSync(args.path, "utf8")
        .replaceAll("import.meta.url", JSON.stringify(url))
        .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path)));
      return { contents: source, loader: "ts" };
    });
  },
};

/**
 * Workspace packages (`@embargo/*`, TypeScript sources) are bundled; every npm package stays an import, of the file
 * the importing package resolves it to (pnpm gives each package only its own dependencies).
 */
const npmPackagesExternal: Plugin = {
  name: "npm-packages-external",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith("@embargo/") || args.pluginData === "resolving" || args.path.startsWith("node:"))
        return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: "resolving" });
      if (r.errors.length > 0) return { errors: r.errors };
      // Node's own modules ("fs") stay as they are.
      return { path: r.external ? args.path : pathToFileURL(r.path).href, external: true };
    });
  },
};

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-cli-bundle-"));
  const outfile = path.join(dir, "cli.mjs");
  await build({
    entryPoints: [path.join(here, "../src/cli.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    plugins: [npmPackagesExternal, keepModuleLocations],
    logLevel: "error",
  });
  project.provide("cliBundle", outfile);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    cliBundle: string;
  }
}
