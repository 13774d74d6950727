export * from "./schemas.ts";
export * from "./similarity.ts";
