export * from "./acknowledgments.ts";
export * from "./inputs.ts";
export * from "./markdown.ts";
export * from "./period.ts";
export * from "./render.ts";
