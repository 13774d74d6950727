export * from "./digest.ts";
export * from "./escalations.ts";
export * from "./inputs.ts";
export * from "./kpis.ts";
export * from "./period.ts";
