// @secvisogram/csaf-validator-lib 2.0.x ships JavaScript without type declarations; these
// describe the two entry points used here (see its README, "API").
declare module "@secvisogram/csaf-validator-lib/cwe.js" {
  /** The CWE catalogue the CSAF 2.0 mandatory test 6.1.11 checks ids and names against. */
  export const weaknesses: ReadonlyArray<{ id: string; name: string }>;
}
