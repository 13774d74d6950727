import { writeFileSync } from "node:fs";

/**
 * Write an export where `--out` names it, refusing to replace an existing
 * file unless `--force` ("wx" also refuses one that appeared since a check).
 * The process umask (0077) keeps it private: an advisory may be exported
 * before it is published. Errors are plain sentences for the command line.
 */
export function writeOutputFile(out: string, body: string, force: boolean): void {
  try {
    writeFileSync(out, body, { flag: force ? "w" : "wx" });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    throw new Error(code === "EEXIST" ? `${out} exists; pass --force to replace it` : `${out}: cannot write (${code})`);
  }
}
