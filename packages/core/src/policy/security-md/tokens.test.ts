import { describe, expect, it } from "vitest";
import { tokensOf } from "./test-helpers.ts";
import { punctAt, tokenize, wordAt } from "./tokens.ts";

const kinds = (text: string) => tokensOf(text).map((t) => [t.k, t.s]);

describe("tokenize", () => {
  it("lowercases words and keeps apostrophes inside them", () => {
    expect(kinds("Don’t STOP")).toEqual([
      ["w", "don't"],
      ["w", "stop"],
    ]);
  });

  it("reads integers up to six digits, with thousands separators; decimals have no integer value", () => {
    expect(tokensOf("1,000 2.5 123456 1234567").map((t) => [t.s, t.int])).toEqual([
      ["1,000", 1000],
      ["2.5", null],
      ["123456", 123456],
      ["1234567", null],
    ]);
  });

  it("keeps URLs whole, without the sentence's closing punctuation", () => {
    expect(kinds("See https://example.com/a1?x=2. Or www.example.org,")).toEqual([
      ["w", "see"],
      ["u", "https://example.com/a1?x=2"],
      ["p", "."],
      ["w", "or"],
      ["u", "www.example.org"],
      ["p", ","],
    ]);
  });

  it("keeps email addresses whole and lowercased, so their digits are no numbers", () => {
    expect(kinds("Mail Sec@Example.COM or 1h@example.com.")).toEqual([
      ["w", "mail"],
      ["u", "sec@example.com"],
      ["w", "or"],
      ["u", "1h@example.com"],
      ["p", "."],
    ]);
  });

  it("skips emphasis and code markers, and reads an emoji as one punctuation token", () => {
    expect(kinds("**bold** _x_ `code` ✅😀")).toEqual([
      ["w", "bold"],
      ["w", "x"],
      ["w", "code"],
      ["p", "✅"],
      ["p", "😀"],
    ]);
  });

  it("reads only the given range and keeps offsets absolute", () => {
    expect(tokenize("xx hello yy", 3, 8)).toEqual([{ k: "w", s: "hello", a: 3, b: 8, int: null }]);
  });
});

describe("wordAt and punctAt", () => {
  it("answer only for a token of their kind", () => {
    const toks = tokensOf("within 24-48 hours");
    expect(wordAt(toks, 0)).toBe("within");
    expect(wordAt(toks, 1)).toBeNull();
    expect(punctAt(toks, 2, "-")).toBe(true);
    expect(punctAt(toks, 3, "-")).toBe(false);
    expect(wordAt(toks, 99)).toBeNull();
  });
});
