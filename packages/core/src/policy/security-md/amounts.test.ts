import { describe, expect, it } from "vitest";
import { parseAmount } from "./amounts.ts";
import { tokensOf } from "./test-helpers.ts";

const amount = (text: string) => parseAmount(tokensOf(text), 0);

describe("parseAmount", () => {
  it.each([
    ["48", 48, 1],
    ["twelve", 12, 1],
    ["ninety", 90, 1],
    ["twenty-four", 24, 3],
    ["twenty four", 24, 2],
    ["one hundred", 100, 2],
    ["one hundred and twenty", 120, 4],
    ["one hundred and five", 105, 4],
    ["two hundred twenty-one", 221, 5],
    ["five (5)", 5, 4],
    ["five (6)", 6, 4],
  ])("%s is %i, read up to token %i", (text, value, next) => {
    expect(amount(text)).toEqual({ value, next, article: false });
  });

  it('reads "a" and "an" as one, marked as an article', () => {
    expect(amount("a week")).toEqual({ value: 1, next: 1, article: true });
    expect(amount("an hour")).toEqual({ value: 1, next: 1, article: true });
  });

  it('leaves a trailing "and" and a compound it cannot build to the caller', () => {
    expect(amount("one hundred and days")).toEqual({ value: 100, next: 2, article: false });
    expect(amount("twenty-twelve")).toEqual({ value: 20, next: 1, article: false });
  });

  it.each(["0", "2.5", "1234567", "hello", "-", ""])("%j is no amount", (text) => {
    expect(amount(text)).toBeNull();
  });
});
