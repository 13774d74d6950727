export * from "./emails.ts";
export * from "./schemas.ts";
export * from "./similarity.ts";
