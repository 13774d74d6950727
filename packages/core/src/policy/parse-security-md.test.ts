import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { seededRandom } from "../random.ts";
import {
  emptyParsedPolicy,
  MAX_SECURITY_MD_BYTES,
  type ParsedDuration,
  type ParsedPolicy,
  parseSecurityMd,
} from "./parse-security-md.ts";

// Fixtures copied from shared/fixtures/securitymd into the repo, so any clone can run them
// (24 real SECURITY.md files, hand labels in INDEX.tsv).
const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/securitymd");

// ---------------------------------------------------------------------------
// Expected values, typed out by hand from INDEX.tsv and the files themselves.
// ---------------------------------------------------------------------------

const h = (amount: number): ParsedDuration => ({ amount, unit: "hours" });
const d = (amount: number): ParsedDuration => ({ amount, unit: "days" });
const w = (amount: number): ParsedDuration => ({ amount, unit: "weeks" });
const NO_FIX: ParsedPolicy["resolve"] = { critical: null, high: null, medium: null, low: null };
const NO_CONTACTS: ParsedPolicy["contacts"] = { security: [], emergency: [] };
const sec = (...security: string[]): ParsedPolicy["contacts"] => ({ security, emergency: [] });

/** The six labelled columns of INDEX.tsv, plus three fields the index does not label (checked by hand). */
interface Expected {
  acknowledge: ParsedPolicy["acknowledge"]; // ack_time
  assess: ParsedPolicy["assess"]; // assessment_time
  resolve: ParsedPolicy["resolve"]; // fix_times_by_severity
  disclosure: ParsedPolicy["disclosure"]; // disclosure_window
  contacts: ParsedPolicy["contacts"]; // contact_emails (role in brackets)
  supportedVersions: ParsedPolicy["supportedVersions"]; // supported_version_table + supported_versions
  // not labelled in INDEX.tsv; read from the files by hand:
  update: ParsedPolicy["update"];
  emergency: ParsedPolicy["emergency"];
  languages: ParsedPolicy["languages"];
}
const LABELLED = ["acknowledge", "assess", "resolve", "disclosure", "contacts", "supportedVersions"] as const;
const UNLABELLED = ["update", "emergency", "languages"] as const;

const base: Expected = {
  acknowledge: null,
  assess: null,
  resolve: NO_FIX,
  disclosure: null,
  contacts: NO_CONTACTS,
  supportedVersions: [],
  update: null,
  emergency: null,
  languages: [],
};
const e = (x: Partial<Expected>): Expected => ({ ...base, ...x });

const EXPECTED: Record<string, Expected> = {
  // "within **48 hours**"; table `1.x` ✅, `< 1.0` ❌; fix "released promptly" → none.
  "0-auth__zero-auth.md": e({
    acknowledge: h(48),
    contacts: sec("itsmedarshan8@gmail.com"),
    supportedVersions: [
      { range: "1.x", status: "supported" },
      { range: "< 1.0", status: "unsupported" },
    ],
  }),
  "0-draft__sigil.md": e({ acknowledge: h(72) }), // "expect an acknowledgement within 72 hours"; versions in prose only
  "00gxd14g__cvefeed.md": e({ acknowledge: w(1) }), // "within a week"
  "argoproj__argo-cd.md": e({ contacts: sec("cncf-argo-security@lists.cncf.io") }), // N and N-1 in prose → []
  // 60-day resolution AND disclosure commitment for every valid advisory (all severities); triage window ≤ 3 days.
  "axios__axios.md": e({
    assess: d(3),
    resolve: { critical: d(60), high: d(60), medium: d(60), low: d(60) },
    disclosure: d(60),
    supportedVersions: [
      { range: "0.x.x", status: "supported" },
      { range: "1.x.x", status: "supported" },
    ],
  }),
  "bitcoin__bitcoin.md": e({ contacts: sec("security@bitcoincore.org") }), // the table is a PGP key table
  "bitwarden__server.md": e({}), // "reasonable amount of time" → null; bitwarden.com/contact is a URL
  "dani-garcia__vaultwarden.md": e({}), // email is an image; @danig:matrix.org is a Matrix handle
  "electron__electron.md": e({}),
  "ethereum__go-ethereum.md": e({ contacts: sec("bounty@ethereum.org") }), // audit table is no version table
  "fastify__fastify.md": e({}),
  "golang__go.md": e({}), // noise before the real text; "past two releases" in prose
  "grafana__grafana.md": e({ contacts: sec("security@grafana.com") }),
  "huggingface__transformers.md": e({ contacts: sec("security@huggingface.co") }),
  "langchain-ai__langchain.md": e({ contacts: sec("security@langchain.dev") }),
  "microsoft__TypeScript.md": e({ acknowledge: h(24), contacts: sec("secure@microsoft.com"), languages: ["en"] }),
  "microsoft__vscode.md": e({}), // injected Spanish sentence and extension section
  "nextcloud__server.md": e({}), // "publicly announced after the release": no window
  // acknowledged within 5 days; detailed response within 10 days; the CNA address is for escalation only;
  // the 6-business-day / 14-day figures are escalation conditions, not promises; see DEVIATIONS for disclosure.
  "nodejs__node.md": e({
    acknowledge: d(5),
    assess: d(10),
    contacts: { security: [], emergency: ["security@lists.openjsf.org"] },
  }),
  "ollama__ollama.md": e({ contacts: sec("hello@ollama.com") }), // "sufficient time" → null
  "redis__redis.md": e({}), // unfilled GitHub template: its table rows are placeholders (see DEVIATIONS)
  "scikit-learn__scikit-learn.md": e({
    contacts: sec("security@scikit-learn.org"),
    supportedVersions: [
      { range: "1.3.1", status: "supported" },
      { range: "< 1.3.1", status: "unsupported" },
    ],
  }),
  "tensorflow__tensorflow.md": e({}), // fixes batched with quarterly releases: no deadline
  "WordPress__wordpress-develop.md": e({
    supportedVersions: [
      ...["5.9", "5.8", "5.7", "5.6", "5.5", "5.4", "5.3", "5.2", "5.1", "5.0"].map((v) => ({
        range: `${v}.x`,
        status: "supported" as const,
      })),
      ...["4.9", "4.8", "4.7", "4.6", "4.5", "4.4", "4.3", "4.2", "4.1", "4.0", "3.9", "3.8", "3.7"].map((v) => ({
        range: `${v}.x`,
        status: "supported" as const,
      })),
      { range: "< 3.7.0", status: "unsupported" },
    ],
  }),
};

/**
 * Where the expected value is not what a literal reading of the label gives.
 * Each is explained in the closing note.
 */
const DEVIATIONS: Record<string, { field: (typeof LABELLED)[number]; reason: string }[]> = {
  "nodejs__node.md": [
    {
      field: "disclosure",
      reason:
        "label describes an embargo rule (72 h after the CVE is issued, advisory 6 h after the mailing list): no window measured from the report, so null",
    },
  ],
  "redis__redis.md": [
    {
      field: "supportedVersions",
      reason:
        "label lists the rows but marks them as the unfilled template's placeholders: detected and ignored, so []",
    },
  ],
};

// ---------------------------------------------------------------------------
// INDEX.tsv
// ---------------------------------------------------------------------------

interface Label {
  file: string;
  ack_time: string;
  assessment_time: string;
  fix_times_by_severity: string;
  disclosure_window: string;
  contact_emails: string;
  supported_version_table: string;
  supported_versions: string;
}

function readIndex(): Label[] {
  const [head, ...rows] = readFileSync(path.join(FIXTURES, "INDEX.tsv"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const cols = (head ?? "").split("\t");
  return rows.map((r) => {
    const cells = r.split("\t");
    const get = (name: string) => cells[cols.indexOf(name)] ?? "";
    return {
      file: get("file"),
      ack_time: get("ack_time"),
      assessment_time: get("assessment_time"),
      fix_times_by_severity: get("fix_times_by_severity"),
      disclosure_window: get("disclosure_window"),
      contact_emails: get("contact_emails"),
      supported_version_table: get("supported_version_table"),
      supported_versions: get("supported_versions"),
    };
  });
}

/** Does the label say "nothing stated" for this field? (quoted vague wording counts as nothing) */
function labelSaysNone(l: Label, field: (typeof LABELLED)[number]): boolean {
  const none = (s: string) => /^none\b/.test(s) || /\(no number\)|\(no time window\)|\(no window\)/.test(s);
  switch (field) {
    case "acknowledge":
      return none(l.ack_time);
    case "assess":
      return none(l.assessment_time);
    case "resolve":
      return none(l.fix_times_by_severity);
    case "disclosure":
      return none(l.disclosure_window);
    case "contacts":
      return none(l.contact_emails);
    case "supportedVersions":
      return l.supported_version_table !== "yes";
  }
}

const isEmpty = (v: unknown): boolean => {
  if (v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v as object).every(isEmpty);
  return false;
};

/** Values the parser returned that the expectation does not have (the "invented" count). */
function invented(got: unknown, want: unknown): number {
  if (want === null || (Array.isArray(want) && want.length === 0)) return isEmpty(got) ? 0 : 1;
  if (Array.isArray(got) && Array.isArray(want)) {
    return got.filter((g) => !want.some((x) => isDeepStrictEqual(g, x))).length;
  }
  if (got && want && typeof got === "object" && typeof want === "object" && !Array.isArray(want)) {
    return Object.keys(want).reduce(
      (n, k) => n + invented((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k]),
      0,
    );
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Fixture accuracy
// ---------------------------------------------------------------------------

describe("parseSecurityMd on the 24 labelled fixtures", () => {
  const labels = readIndex();
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".md") && f !== "README.md");

  it("finds the fixtures and has a hand-written expectation for every labelled file", () => {
    expect(FIXTURES.endsWith(path.join("fixtures", "securitymd"))).toBe(true);
    expect(existsSync(path.join(FIXTURES, "INDEX.tsv"))).toBe(true);
    expect(files).toHaveLength(24);
    expect(labels).toHaveLength(24);
    expect(labels.map((l) => l.file).sort()).toEqual(files.sort());
    expect(Object.keys(EXPECTED).sort()).toEqual(files.sort());
  });

  it("the expectations agree with the labels on what is and is not stated (except the listed deviations)", () => {
    const disagreements: string[] = [];
    for (const l of labels) {
      const want = EXPECTED[l.file];
      if (!want) throw new Error(`no expectation for ${l.file}`);
      for (const field of LABELLED) {
        const deviation = DEVIATIONS[l.file]?.some((x) => x.field === field);
        if (labelSaysNone(l, field) !== isEmpty(want[field]) && !deviation) disagreements.push(`${l.file} ${field}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("is ≥95% exact per labelled field, invents nothing, and cites its evidence", () => {
    const fields = [...LABELLED, ...UNLABELLED];
    const right = Object.fromEntries(fields.map((f) => [f, 0])) as Record<(typeof fields)[number], number>;
    const misses: string[] = [];
    let inventedCount = 0;
    let inventedWhereLabelNone = 0;

    for (const l of labels) {
      const text = readFileSync(path.join(FIXTURES, l.file), "utf8");
      const got = parseSecurityMd(text);
      const want = EXPECTED[l.file];
      if (!want) throw new Error(`no expectation for ${l.file}`);
      for (const field of fields) {
        if (isDeepStrictEqual(got[field], want[field])) right[field]++;
        else misses.push(`${l.file} ${field}: got ${JSON.stringify(got[field])}, want ${JSON.stringify(want[field])}`);
        inventedCount += invented(got[field], want[field]);
      }
      for (const field of LABELLED) {
        if (labelSaysNone(l, field) && !isEmpty(got[field])) inventedWhereLabelNone++;
      }
      // Every value cites an exact excerpt of the file.
      const normalised = text.replace(/\r\n?/g, "\n");
      const keys = [
        ...(["acknowledge", "assess", "update", "emergency", "disclosure"] as const).filter((k) => got[k] !== null),
        ...(["critical", "high", "medium", "low"] as const)
          .filter((s) => got.resolve[s] !== null)
          .map((s) => `resolve.${s}`),
        ...(got.contacts.security.length > 0 ? ["contacts.security"] : []),
        ...(got.contacts.emergency.length > 0 ? ["contacts.emergency"] : []),
        ...(got.supportedVersions.length > 0 ? ["supportedVersions"] : []),
        ...(got.languages.length > 0 ? ["languages"] : []),
      ];
      for (const key of keys) {
        const ev = got.evidence[key];
        expect(ev, `${l.file} evidence for ${key}`).toBeTypeOf("string");
        for (const part of (ev ?? "").split("\n\n"))
          expect(normalised.includes(part), `${l.file} ${key}: ${part}`).toBe(true);
      }
      expect(Object.keys(got.evidence).sort()).toEqual([...keys].sort());
    }

    const n = labels.length;
    const rows = fields.map((f) => ({
      field: f,
      labelled: (LABELLED as readonly string[]).includes(f) ? "yes" : "no (hand-checked)",
      exact: `${right[f]}/${n}`,
      accuracy: `${((100 * right[f]) / n).toFixed(1)}%`,
    }));
    const labelledRight = LABELLED.reduce((s, f) => s + right[f], 0);
    const labelledTotal = LABELLED.length * n;
    console.log(
      [
        "SECURITY.md parser — per-field accuracy on the 24 fixtures",
        "| field | labelled in INDEX.tsv | exact | accuracy |",
        "|---|---|---|---|",
        ...rows.map((r) => `| ${r.field} | ${r.labelled} | ${r.exact} | ${r.accuracy} |`),
        `| **all labelled fields** | | ${labelledRight}/${labelledTotal} | ${((100 * labelledRight) / labelledTotal).toFixed(1)}% |`,
        `invented values: ${inventedCount} (vs expectations), ${inventedWhereLabelNone} (where the label says none)`,
        ...misses.map((m) => `miss: ${m}`),
      ].join("\n"),
    );

    expect(labelledRight / labelledTotal).toBeGreaterThanOrEqual(0.95);
    expect(inventedCount).toBe(0);
    expect(inventedWhereLabelNone).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// Phrasings
// ---------------------------------------------------------------------------

const only = (p: ParsedPolicy) => {
  const { evidence: _evidence, ...rest } = p;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (!isEmpty(v)) out[k] = v;
  return out;
};

describe("parseSecurityMd phrasings", () => {
  it.each([
    ["We will acknowledge your report within 48 hours.", { acknowledge: h(48) }],
    ["We acknowledge reports within five business days.", { acknowledge: { amount: 5, unit: "business_days" } }],
    ["You can expect an acknowledgement within a week.", { acknowledge: w(1) }],
    ["We will respond within 2 working days.", { acknowledge: { amount: 2, unit: "business_days" } }],
    ["Expect a first response within one business day.", { acknowledge: { amount: 1, unit: "business_days" } }],
    ["You should receive a response within 24h.", { acknowledge: h(24) }],
    ["We confirm receipt within twenty-four hours.", { acknowledge: h(24) }],
    ["We reply within ten (10) days.", { acknowledge: d(10) }],
    ["Acknowledgement: 24-48 hours", { acknowledge: h(48) }],
    ["We will get back to you by the next business day.", { acknowledge: { amount: 1, unit: "business_days" } }],
    ["We complete an initial assessment within 5 business days.", { assess: { amount: 5, unit: "business_days" } }],
    ["Triage: 3 to 5 business days", { assess: { amount: 5, unit: "business_days" } }],
    [
      "Normally, your report will be acknowledged within 5 days, and you'll receive a more detailed response within 10 days.",
      { acknowledge: d(5), assess: d(10) },
    ],
    ["We will keep you updated at least once a week.", { update: w(1) }],
    ["We send status updates every 14 days.", { update: d(14) }],
    ["You will receive weekly progress updates.", { update: w(1) }],
    ["Critical vulnerabilities get an emergency response within 4 hours.", { emergency: h(4) }],
    [
      "For critical issues we respond within 4 hours and fix within 7 days.",
      { emergency: h(4), resolve: { ...NO_FIX, critical: d(7) } },
    ],
    ["We follow a 90-day disclosure timeline.", { disclosure: d(90) }],
    ["We disclose within ninety days of the initial report.", { disclosure: d(90) }],
    ["Please do not disclose the issue publicly before 90 days have passed.", { disclosure: d(90) }],
    ["We publish an advisory no later than 3 months after the report.", { disclosure: d(90) }],
    [
      "We commit to resolving and publicly disclosing every valid advisory within 60 calendar days of the initial report.",
      { resolve: { critical: d(60), high: d(60), medium: d(60), low: d(60) }, disclosure: d(60) },
    ],
    [
      "We aim to resolve critical vulnerabilities within 14 days, high within 30 days and medium and low within 90 days.",
      { resolve: { critical: d(14), high: d(30), medium: d(90), low: d(90) } },
    ],
    [
      "Our policy is to release patches for high severity issues within 30 days and for low severity issues in the next scheduled release.",
      { resolve: { ...NO_FIX, high: d(30), low: "next_release" } },
    ],
    ["For critical issues, we aim to ship a patch within 72 hours.", { resolve: { ...NO_FIX, critical: h(72) } }],
    [
      "Severity | Time to fix\n---|---\nCritical | 1 week\nHigh | 2 weeks\nMedium | 4 weeks\nLow | Next release",
      { resolve: { critical: w(1), high: w(2), medium: w(4), low: "next_release" } },
    ],
    ["We will provide an update on the status every 7 days.", { update: d(7) }],
    ["We will make a public disclosure 90 days after the report.", { disclosure: d(90) }],
    ["We request that you give us 90 days before publicly disclosing.", { disclosure: d(90) }],
  ] as const)("%s", (text, want) => {
    expect(only(parseSecurityMd(text))).toEqual(want);
  });

  it("reads severity lists (bullets) and keeps 'immediate' as no number", () => {
    const p = parseSecurityMd(
      "## Fix timelines\n\n- Critical: immediate patch release\n- High: patch within 7 days\n- Medium: fix within 30 days\n- Low: next release\n",
    );
    expect(p.resolve).toEqual({ critical: null, high: d(7), medium: d(30), low: "next_release" });
    expect(p.evidence["resolve.high"]).toBe("High: patch within 7 days");
    expect(p.evidence["resolve.low"]).toBe("Low: next release");
  });

  it("reads 'Low: fixed in the next release' and severity tables", () => {
    expect(parseSecurityMd("Critical: fix within 7 days\n\nLow: fixed in the next release\n").resolve).toEqual({
      ...NO_FIX,
      critical: d(7),
      low: "next_release",
    });
    const table = parseSecurityMd(
      "| Severity | Response | Fix |\n|---|---|---|\n| Critical | 4 hours | 7 days |\n| High | 1 day | 30 days |\n| Low | - | next release |\n",
    );
    expect(table.emergency).toEqual(h(4));
    expect(table.acknowledge).toBeNull(); // a per-severity response time other than critical has no home
    expect(table.resolve).toEqual({ critical: d(7), high: d(30), medium: null, low: "next_release" });
    expect(table.evidence["resolve.high"]).toBe("| High | 1 day | 30 days |");
  });

  it("reads promises in headings when the prose has none", () => {
    const p = parseSecurityMd("# Policy\n\n## 90-day disclosure deadline\n\nWe coordinate with you.\n");
    expect(p.disclosure).toEqual(d(90));
    expect(p.evidence.disclosure).toBe("90-day disclosure deadline");
  });

  it.each([
    "We respond promptly and fix issues as soon as possible.",
    "Please give us a reasonable time to fix the issue before disclosure.",
    "We will do our best to react quickly on your inquiry.",
    "A patch will be released as timely as possible.",
    "We ask that you give us sufficient time before disclosing it publicly.",
    "We will typically disclose within a few days of the release.",
    "Our team is available 24 hours a day, 7 days a week.",
    "If you do not hear back within 48 hours, please follow up.",
    "If you do not receive an acknowledgement within 6 business days, you may escalate.",
    "We do not guarantee a response within 48 hours.",
    "We publish advisories 7 days after the fix is released.",
    "Typically, the embargo date will be set 72 hours from the time the CVE is issued.",
    "Security issues are fixed in the next minor release.", // no severity: no per-severity promise
    "We may extend beyond 60 days.",
    "Use high-entropy secrets of at least 32 characters and keep tokens short (15m).",
    "Fixes ship in quarterly releases.",
    "Once the fix is released, we will publish a security advisory within 7 days.",
    "The vulnerability will be disclosed publicly 30 days after the fix.",
    "We release updates monthly.",
    "Security updates are released every month.",
    "Maintainers meet every 2 weeks to review reports.",
    "Versions older than 6 months are not supported.",
    "Reports are reviewed on a best-effort basis; typically within a couple of days.",
  ])("states no number: %s", (text) => {
    expect(only(parseSecurityMd(text))).toEqual({});
  });
});

describe("parseSecurityMd contacts", () => {
  it("separates security, emergency and unrelated addresses", () => {
    const p = parseSecurityMd(
      [
        "# Security Policy",
        "",
        "Report vulnerabilities to security@example.com or psirt@example.com.",
        "For emergencies, page oncall-sec@example.com.",
        "",
        "## Escalation",
        "",
        "If you get no answer, escalate to cso@example.com.",
        "",
        "## Code of conduct",
        "",
        "Report code of conduct violations to conduct@example.com.",
        "",
        "## Maintainers",
        "",
        "- Jane Doe <jane.doe@example.org>",
        "",
        "## License",
        "",
        "Copyright Jane Doe (jane@example.org). Questions about licensing: legal@example.com",
      ].join("\n"),
    );
    expect(p.contacts).toEqual({
      security: ["security@example.com", "psirt@example.com"],
      emergency: ["oncall-sec@example.com", "cso@example.com"],
    });
    expect(p.evidence["contacts.security"]).toBe(
      "Report vulnerabilities to security@example.com or psirt@example.com.",
    );
    expect(p.evidence["contacts.emergency"]).toBe(
      "For emergencies, page oncall-sec@example.com.\n\nIf you get no answer, escalate to cso@example.com.",
    );
  });

  it("reads mailto links, inline code and list items under a reporting heading; ignores handles and URLs", () => {
    const p = parseSecurityMd(
      [
        "## Reporting a Vulnerability",
        "",
        "Please report it by e-mail to the following address:",
        "",
        "* `report@example.net`",
        "",
        "Or [write to us](mailto:sec@example.net?subject=Vuln).",
        "Matrix: `@admin:matrix.example.org`; web: https://user@host.example.com/form",
      ].join("\n"),
    );
    expect(p.contacts.security).toEqual(["report@example.net", "sec@example.net"]);
  });
});

describe("parseSecurityMd supported versions", () => {
  it("maps status words and symbols", () => {
    const p = parseSecurityMd(
      [
        "## Supported Versions",
        "",
        "| Version | Status |",
        "|---|---|",
        "| `2.x` | ✅ Supported |",
        "| 1.9 | ⚠️ Limited |",
        "| 1.8 | Yes |",
        "| 1.7 | :warning: security fixes only |",
        "| 1.6 | No |",
        "| 1.5 | End of life |",
        "| 1.4 | :x: |",
        "| 1.3 | :white_check_mark: |",
        "| 1.2 | Not supported |",
        "| 1.1 | ✔️ |",
        "| < 1.0 | ❌ |",
        "| 0.x \\| beta | ??? |",
      ].join("\n"),
    );
    expect(p.supportedVersions).toEqual([
      { range: "2.x", status: "supported" },
      { range: "1.9", status: "limited" },
      { range: "1.8", status: "supported" },
      { range: "1.7", status: "limited" },
      { range: "1.6", status: "unsupported" },
      { range: "1.5", status: "unsupported" },
      { range: "1.4", status: "unsupported" },
      { range: "1.3", status: "supported" },
      { range: "1.2", status: "unsupported" },
      { range: "1.1", status: "supported" },
      { range: "< 1.0", status: "unsupported" },
      // "???" is no status: the row is left out rather than guessed
    ]);
  });

  it("ignores the unfilled GitHub template table and tables that are not about versions", () => {
    const template = [
      "## Supported Versions",
      "",
      "Use this section to tell people about which versions of your project are",
      "currently being supported with security updates.",
      "",
      "| Version | Supported          |",
      "| ------- | ------------------ |",
      "| 5.1.x   | :white_check_mark: |",
      "| 5.0.x   | :x:                |",
      "| 4.0.x   | :white_check_mark: |",
      "| < 4.0   | :x:                |",
    ].join("\n");
    expect(parseSecurityMd(template).supportedVersions).toEqual([]);
    expect(parseSecurityMd("| Name | Fingerprint |\n|---|---|\n| Alice | 133E AC17 |\n").supportedVersions).toEqual([]);
    expect(
      parseSecurityMd("| Scope | Date | Report |\n|---|---|---|\n| geth | 20170425 | pdf |\n").supportedVersions,
    ).toEqual([]);
  });
});

describe("parseSecurityMd languages", () => {
  it.each([
    ["Preferred-Languages: en, de", ["en", "de"]],
    ["We accept reports in English and German.", ["en", "de"]],
    ["## Preferred Languages\n\nWe prefer all communications to be in English.", ["en"]],
    ["We accept reports in English (en) and Brazilian Portuguese (pt-BR).", ["en", "pt-BR"]],
    ["The English documentation is at docs.example.com. We fix bugs in German code too.", []],
    ["Report vulnerabilities to security@example.com.", []],
  ] as const)("%s", (text, want) => {
    expect(parseSecurityMd(text).languages).toEqual(want);
  });
});

describe("parseSecurityMd ignores code and comments", () => {
  it("skips fenced code, indented code and HTML comments", () => {
    const p = parseSecurityMd(
      [
        "# Security",
        "",
        "```",
        "We acknowledge reports within 1 hour. Mail security@code.example",
        "```",
        "",
        "~~~~text",
        "Preferred-Languages: fr",
        "~~~~",
        "",
        "    We acknowledge reports within 2 hours.",
        "",
        "<!-- We acknowledge reports within 3 hours. admin@comment.example -->",
        "<!--",
        "Critical: fix within 1 day",
        "-->",
        "We acknowledge reports within 4 hours.",
      ].join("\n"),
    );
    expect(only(p)).toEqual({ acknowledge: h(4) });
  });

  it("handles CRLF line endings and block quotes", () => {
    const p = parseSecurityMd("# Security\r\n\r\n> We acknowledge reports\r\n> within 2 business days.\r\n");
    expect(p.acknowledge).toEqual({ amount: 2, unit: "business_days" });
    expect(p.evidence.acknowledge).toBe("We acknowledge reports\n> within 2 business days.");
  });
});

// ---------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------

describe("parseSecurityMd on hostile input", () => {
  it("returns an empty policy for an empty or whitespace-only document", () => {
    expect(parseSecurityMd("")).toEqual(emptyParsedPolicy());
    expect(parseSecurityMd(" \n\t\r\n")).toEqual(emptyParsedPolicy());
  });

  it("returns an empty policy for random bytes and binary-ish strings", () => {
    // Seeded so the garbage is the same on every run.
    const rand = seededRandom(42);
    for (let n = 0; n < 20; n++) {
      const bytes = Array.from({ length: 4096 }, () => Math.floor(rand() * 256));
      const latin1 = String.fromCharCode(...bytes);
      const utf8 = new TextDecoder("utf-8", { fatal: false }).decode(new Uint8Array(bytes));
      expect(parseSecurityMd(latin1)).toEqual(emptyParsedPolicy());
      expect(parseSecurityMd(utf8)).toEqual(emptyParsedPolicy());
    }
    expect(parseSecurityMd("\u0000\u0001PK\u0003\u0004\uFFFD\uD800\uDFFF\uDC00")).toEqual(emptyParsedPolicy());
  });

  it("never throws on arbitrary strings, including Markdown-shaped ones", () => {
    const fragment = fc.constantFrom(
      "# ",
      "## Supported Versions\n",
      "| Version | Supported |\n",
      "|---|---|\n",
      "| 1.x | ✅ |\n",
      "- ",
      "1. ",
      "> ",
      "```\n",
      "    ",
      "<!--",
      "-->",
      "\n",
      "\n\n",
      "within ",
      "48 hours",
      "a week",
      "twenty-",
      "five (5) ",
      "business days",
      "90-day ",
      "acknowledge ",
      "fix ",
      "disclose ",
      "critical: ",
      "low: next release",
      "if you do not ",
      "security@example.com",
      "@",
      "mailto:",
      "https://x.example/",
      "(",
      ")",
      ".",
      "e.g. ",
      "English (en) ",
      "Preferred-Languages: ",
      "\\|",
      "`",
      "**",
    );
    const markdownish = fc
      .array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { maxLength: 60 })
      .map((a) => a.join(""));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300, unit: "binary" }), markdownish), (s) => {
        const p = parseSecurityMd(s);
        expect(Array.isArray(p.supportedVersions)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it("rejects input over 1 MB with a clear validation error", () => {
    const big = "a".repeat(MAX_SECURITY_MD_BYTES + 1);
    expect(() => parseSecurityMd(big)).toThrowError(DomainError);
    try {
      parseSecurityMd(big);
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).kind).toBe("validation");
      expect((err as DomainError).field).toBe("file");
      expect((err as DomainError).message).toBe("SECURITY.md is larger than 1 MB");
    }
    // Counted in UTF-8 bytes: 350,000 "€" are 1,050,000 bytes.
    expect(() => parseSecurityMd("€".repeat(350_000))).toThrowError("SECURITY.md is larger than 1 MB");
    expect(() => parseSecurityMd("€".repeat(349_000))).not.toThrow();
    expect(() => parseSecurityMd(null as unknown as string)).toThrowError(DomainError);
  });

  const nearLimit = (unit: string) =>
    unit.repeat(Math.floor((MAX_SECURITY_MD_BYTES - 16) / new TextEncoder().encode(unit).length));
  const real = readFileSync(path.join(FIXTURES, "nodejs__node.md"), "utf8");
  it.each([
    ["digits", "1"],
    ["letters", "a"],
    ["at signs", "@"],
    ["addresses", "a@b.co "],
    ["dotted words", "x@y.z."],
    ["spaces", " "],
    ["newlines", "\n"],
    ["comment openers", "<!--"],
    ["fences", "```\n"],
    ["pipes", "|"],
    ["table rows", "| 1.x | ✅ |\n|---|---|\n"],
    ["brackets", "[]("],
    ["parentheses", "("],
    ["list markers", "- "],
    ["headings", "#\n"],
    ["quotes", "> "],
    ["urls", "http://"],
    ["underscores", "_"],
    ["emoji", "✅❌⚠️"],
    ["cue soup", "if not within 5 days of the cve critical high fix disclose acknowledge every "],
    ["number words", "twenty-four (24) business-days "],
    ["ranges", "1-2-3-4-5-6-7-8-9 days "],
    ["real policy, repeated", real],
  ])(
    "finishes a ~1 MB input of %s quickly",
    (_name, unit) => {
      const input = nearLimit(unit);
      const t0 = performance.now();
      const p = parseSecurityMd(input);
      const ms = performance.now() - t0;
      expect(p).toBeTypeOf("object");
      expect(ms).toBeLessThan(5000); // observed ≤ 0.8 s; a quadratic path would take minutes
    },
    20_000,
  );
});
