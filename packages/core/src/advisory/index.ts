export * from "./draft.ts";
export * from "./reference-types.ts";
