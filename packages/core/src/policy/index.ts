export * from "./enums.ts";
export * from "./import-lines.ts";
export * from "./import-merge.ts";
export * from "./render.ts";
export * from "./schema.ts";
export * from "./security-md/index.ts";
