import { describe, expect, it } from "vitest";
import { isPaletteKey, isTypingTarget, type KeyEventLike, type KeyTarget, plainKeyOf } from "./keyboard.ts";

/** A stand-in element: tag, type, attributes, and whether it sits in an open dialog. */
const el = (tagName: string, attrs: Record<string, string> = {}, inDialog = false): KeyTarget => ({
  tagName,
  type: attrs.type,
  getAttribute: (n) => attrs[n] ?? null,
  closest: (sel) => (inDialog && sel === "dialog[open]" ? {} : null),
});
const press = (key: string, target: KeyTarget | null, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  ...mods,
});

describe("isTypingTarget", () => {
  it.each([
    ["a text input", el("input", { type: "text" })],
    ["a search box", el("INPUT", { type: "search" })],
    ["a checkbox (space toggles it; letters stay out of its way too)", el("input", { type: "checkbox" })],
    ["a textarea", el("textarea")],
    ["a select (letters pick options)", el("select")],
    ["a contenteditable region", el("div", { contenteditable: "true" })],
    ["an empty contenteditable attribute", el("div", { contenteditable: "" })],
    ["a custom textbox", el("div", { role: "textbox" })],
    ["a combobox", el("div", { role: "combobox" })],
    ["anything inside an open dialog", el("button", {}, true)],
  ])("%s counts as typing", (_what, target) => {
    expect(isTypingTarget(target)).toBe(true);
  });

  it.each([
    ["the page body", el("body")],
    ["a button", el("button")],
    ["a link", el("a")],
    ["a heading focused by the page", el("h1", { tabindex: "-1" })],
    ["contenteditable=false", el("div", { contenteditable: "false" })],
    ["an element flagged isContentEditable=false", { tagName: "DIV", isContentEditable: false }],
  ])("%s does not", (_what, target) => {
    expect(isTypingTarget(target)).toBe(false);
  });

  it("reads isContentEditable where the engine computes it", () => {
    expect(isTypingTarget({ tagName: "SPAN", isContentEditable: true })).toBe(true);
  });

  it("no target is not typing", () => {
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe("plainKeyOf", () => {
  it("gives the key pressed on the page", () => {
    expect(plainKeyOf(press("a", el("body")))).toBe("a");
    expect(plainKeyOf(press("?", el("button"), { key: "?" }))).toBe("?");
  });
  it("ignores keys typed into fields: the character is typed instead", () => {
    expect(plainKeyOf(press("a", el("textarea")))).toBeNull();
    expect(plainKeyOf(press("t", el("input", { type: "text" })))).toBeNull();
  });
  it("ignores keys with Ctrl, ⌘ or Alt (browser and system shortcuts)", () => {
    expect(plainKeyOf(press("a", el("body"), { ctrlKey: true }))).toBeNull();
    expect(plainKeyOf(press("a", el("body"), { metaKey: true }))).toBeNull();
    expect(plainKeyOf(press("a", el("body"), { altKey: true }))).toBeNull();
  });
  it("ignores IME composition, held keys and keys already handled", () => {
    expect(plainKeyOf(press("a", el("body"), { isComposing: true }))).toBeNull();
    expect(plainKeyOf(press("a", el("body"), { repeat: true }))).toBeNull();
    expect(plainKeyOf(press("a", el("body"), { defaultPrevented: true }))).toBeNull();
  });
  it("ignores named keys such as Enter or Escape", () => {
    expect(plainKeyOf(press("Enter", el("body")))).toBeNull();
    expect(plainKeyOf(press("Escape", el("body")))).toBeNull();
  });
});

describe("isPaletteKey", () => {
  it("is Ctrl-K or ⌘-K, in either case, not Alt", () => {
    expect(isPaletteKey({ key: "k", ctrlKey: true, metaKey: false, altKey: false })).toBe(true);
    expect(isPaletteKey({ key: "K", ctrlKey: false, metaKey: true, altKey: false })).toBe(true);
    expect(isPaletteKey({ key: "k", ctrlKey: false, metaKey: false, altKey: false })).toBe(false);
    expect(isPaletteKey({ key: "k", ctrlKey: true, metaKey: false, altKey: true })).toBe(false);
  });
});
