export * from "./enums.ts";
export * from "./parse-security-md.ts";
export * from "./render.ts";
export * from "./schema.ts";
