import { describe, expect, it } from "vitest";
import { findEmails, findObfuscatedEmails } from "./emails.ts";
import { parseSecurityMd } from "./index.ts";

const emailsIn = (text: string, a = 0, b = text.length) => {
  const ats = [...text.matchAll(/@/g)].map((m) => m.index);
  return findEmails(text, ats, a, b).map((e) => e.email);
};

describe("findEmails", () => {
  it("finds addresses in prose, angle brackets and mailto links, as written", () => {
    expect(emailsIn("Mail Security@Example.com.")).toEqual(["Security@Example.com"]);
    expect(emailsIn("Jane <jane.doe+sec@mail.example.org>")).toEqual(["jane.doe+sec@mail.example.org"]);
    expect(emailsIn("[us](mailto:sec@example.net?subject=Vuln)")).toEqual(["sec@example.net"]);
  });

  it("trims dots and hyphens that wrap an address", () => {
    expect(emailsIn("-.a@b.co.-")).toEqual(["a@b.co"]);
  });

  it.each([
    "user@localhost",
    "a@b.c",
    "a..b@example.com",
    "x@@y.com",
    "@handle:matrix.org",
    "a@-b.com",
    "https://user@host.example.com/form",
  ])("%s is no address", (text) => {
    expect(emailsIn(text)).toEqual([]);
  });

  it("looks only inside the given range", () => {
    const text = "a@example.com b@example.com c@example.com";
    expect(emailsIn(text, 14, 27)).toEqual(["b@example.com"]);
  });
});

describe("findObfuscatedEmails", () => {
  const found = (text: string) => findObfuscatedEmails(text, 0, text.length).map((e) => e.email);

  it.each([
    ["write to jane [at] example [dot] org", "jane@example.org"],
    ["sec (at) mail.example.net.", "sec@mail.example.net"],
    ["Mail Sec{at}Example{dot}COM", "sec@example.com"],
    ["contact bob [at] lab [dot com].", "bob@lab.com"],
    ["psirt[@]vendor.example", "psirt@vendor.example"],
  ])("%s → %s", (text, email) => {
    expect(found(text)).toEqual([email]);
  });

  it.each(["meet me at the office dot com", "[at] example [dot] com", "x [at] localhost", "y [at] host [dot] c0m"])(
    "%s is no address",
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );

  it("is found as a contact where it takes reports", () => {
    expect(
      parseSecurityMd("Please email your report to the author: jane [at] lab [dot com].").contacts.security,
    ).toEqual(["jane@lab.com"]);
  });
});
