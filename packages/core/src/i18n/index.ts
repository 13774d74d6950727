export * from "./catalog-check.ts";
export * from "./locale.ts";
