export * from "./catalog-en.ts";
export * from "./catalog-hi.ts";
export * from "./locales.ts";
export * from "./render.ts";
export * from "./reporter.ts";
export * from "./slots.ts";
