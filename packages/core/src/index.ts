export * from "./auth.ts";
export * from "./errors.ts";
export * from "./intake/index.ts";
export * from "./lifecycle/index.ts";
export * from "./policy/index.ts";
export * from "./report/index.ts";
export * from "./severity/index.ts";
export * from "./sla/index.ts";
