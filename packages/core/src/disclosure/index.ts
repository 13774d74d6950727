export * from "./countdown.ts";
export * from "./enums.ts";
export * from "./inputs.ts";
export * from "./milestones.ts";
export * from "./plan.ts";
export * from "./versions.ts";
export * from "./zoned.ts";
