/** Realistic report material for the demo (no real products or people). */
export const DEMO_FINDINGS: {
  title: string;
  cwe: string;
  component: string;
  vector: string | null;
  impact: string;
}[] = [
  {
    title: "Stored XSS in call transcript viewer via speaker name",
    cwe: "CWE-79",
    component: "web/transcripts",
    vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N",
    impact: "Any agent who opens the transcript runs attacker script in the console origin.",
  },
  {
    title: "SSRF through webhook URL validation bypass (DNS rebinding)",
    cwe: "CWE-918",
    component: "integrations/webhooks",
    vector: "CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:L/A:N",
    impact: "Reach internal metadata endpoints and read cloud credentials.",
  },
  {
    title: "IDOR: recordings of other tenants downloadable by ID",
    cwe: "CWE-639",
    component: "api/recordings",
    vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
    impact: "Any customer can download any other customer's call recordings.",
  },
  {
    title: "Prompt injection lets caller exfiltrate system prompt and tools",
    cwe: "CWE-77",
    component: "agent/runtime",
    vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N",
    impact: "Callers read confidential configuration and invoke internal tools.",
  },
  {
    title: "Remote code execution via unsafe YAML load in flow import",
    cwe: "CWE-502",
    component: "flows/import",
    vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    impact: "Unauthenticated remote code execution on the import workers.",
  },
  {
    title: "Session fixation after SSO login",
    cwe: "CWE-384",
    component: "auth/sso",
    vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N",
    impact: "Attacker who plants a session id takes over the victim's account.",
  },
  {
    title: "Open redirect on /logout?next=",
    cwe: "CWE-601",
    component: "auth/logout",
    vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:N",
    impact: "Phishing links that appear to come from the product.",
  },
  {
    title: "Rate limit missing on OTP verification",
    cwe: "CWE-307",
    component: "auth/mfa",
    vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N",
    impact: "Six-digit codes can be brute forced within the validity window.",
  },
  {
    title: "Path traversal in model artifact download",
    cwe: "CWE-22",
    component: "edge/updater",
    vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N",
    impact: "Read arbitrary files from the device filesystem.",
  },
  {
    title: "Model update signature not verified on downgrade",
    cwe: "CWE-347",
    component: "edge/updater",
    vector: "CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    impact: "An attacker on the network installs an older, vulnerable model.",
  },
  {
    title: "Adversarial patch bypasses person detection",
    cwe: "CWE-1039",
    component: "edge/vision",
    vector: null,
    impact: "Physical intrusion goes undetected by the camera model.",
  },
  {
    title: "Widget embed leaks visitor email via postMessage to any origin",
    cwe: "CWE-346",
    component: "widget/embed",
    vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:N",
    impact: "Any page embedding the widget learns the visitor's email.",
  },
  {
    title: "CSV export formula injection",
    cwe: "CWE-1236",
    component: "widget/exports",
    vector: "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:N",
    impact: "Spreadsheet formulas run when an admin opens an export.",
  },
  {
    title: "Denial of service via deeply nested JSON in chat API",
    cwe: "CWE-400",
    component: "widget/api",
    vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
    impact: "A single request pins a worker's CPU for minutes.",
  },
  {
    title: "Verbose stack traces disclose internal hostnames",
    cwe: "CWE-209",
    component: "widget/api",
    vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N",
    impact: "Information useful for further attacks.",
  },
  {
    title: "Admin invite link valid after revocation",
    cwe: "CWE-613",
    component: "widget/admin",
    vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N",
    impact: "A revoked invitee can still join the workspace.",
  },
  {
    title: "Clickjacking on billing settings",
    cwe: "CWE-1021",
    component: "widget/admin",
    vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N",
    impact: "Trick an admin into changing the billing plan.",
  },
  {
    title: "SQL injection in transcript search sort parameter",
    cwe: "CWE-89",
    component: "api/search",
    vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
    impact: "Read and modify every tenant's data.",
  },
  {
    title: "Hard-coded debug token in edge firmware",
    cwe: "CWE-798",
    component: "edge/firmware",
    vector: "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    impact: "Anyone on the local network gets a root shell on the device.",
  },
  {
    title: "Membership inference on fine-tuned customer model",
    cwe: "CWE-200",
    component: "edge/training",
    vector: null,
    impact: "Determine whether a person's images were in the training data.",
  },
];

export const DEMO_RESEARCHERS = [
  { name: "Amara Okafor", handle: "amara_sec", email: "amara@researcher.example" },
  { name: "Lukas Brandt", handle: "lbrandt", email: "lukas@researcher.example" },
  { name: "Mei Tanaka", handle: "meitanaka", email: "mei@researcher.example" },
  { name: "Diego Ramírez", handle: "dramirez", email: "diego@researcher.example" },
  { name: null, handle: "0xghost", email: "ghost@researcher.example" },
  { name: "Priya Raman", handle: null, email: "priya@researcher.example" },
];

export function demoDescription(title: string, component: string, i: number): string {
  return [
    `## Summary`,
    ``,
    `${title}. Found while reviewing \`${component}\` (build ${2 + (i % 3)}.${i % 10}.${i % 7}).`,
    ``,
    `## Details`,
    ``,
    `The handler trusts a client-supplied value and passes it on without validation:`,
    ``,
    "```http",
    `POST /v2/${component.split("/")[1] ?? "api"} HTTP/1.1`,
    `Host: target.example`,
    `Content-Type: application/json`,
    ``,
    `{"id": "../../${i}", "name": "<img src=x onerror=alert(document.domain)>"}`,
    "```",
    ``,
    `- tested on the hosted service and the self-hosted release`,
    `- no special configuration needed`,
    ``,
    `Happy to help verify a fix. Please credit me if you publish an advisory.`,
  ].join("\n");
}
