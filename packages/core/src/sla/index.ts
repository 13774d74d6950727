export * from "./calendar.ts";
export * from "./clocks.ts";
export * from "./format.ts";
