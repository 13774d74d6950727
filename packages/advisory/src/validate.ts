/// <reference path="./vendor.d.ts" />
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { AdvisoryFormat, ExportError } from "./types.ts";

/**
 * The official schemas (../schemas, copied unchanged; see schemas/README.md), each compiled
 * once per process on first use, and the CSAF 2.0 mandatory tests of csaf-validator-lib.
 */

const schemaFile = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../schemas/${path}`, import.meta.url), "utf8"));

const validators = new Map<AdvisoryFormat, ValidateFunction>();

function compile(format: AdvisoryFormat): ValidateFunction {
  const cached = validators.get(format);
  if (cached) return cached;
  let validate: ValidateFunction;
  // strict: false because the schemas carry keywords ajv does not know ("license" in the
  // FIRST CVSS schemas); they are data we must not edit.
  if (format === "cve") {
    // The CVE bundle is draft-07: ajv's default class.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schemaFile("cve-5/CVE_Record_Format_bundled.json"));
  } else if (format === "osv") {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schemaFile("osv/schema.json"));
  } else {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    // CSAF refers to the CVSS schemas by their first.org ids without the "?date" suffix the
    // files declare. Two of them are draft-04 (`id`), which ajv 8 cannot load as such; their
    // keywords are all draft 2020-12 compatible (type, enum, properties, required, $ref into
    // definitions), so a copy without its own id and $schema is registered under the id
    // CSAF uses. The files themselves stay as published.
    for (const [file, id] of [
      ["cvss-v2.0.json", "https://www.first.org/cvss/cvss-v2.0.json"],
      ["cvss-v3.0.json", "https://www.first.org/cvss/cvss-v3.0.json"],
      ["cvss-v3.1.json", "https://www.first.org/cvss/cvss-v3.1.json"],
    ] as const) {
      const { $schema: _s, $id: _i, id: _id, ...schema } = schemaFile(`csaf-2.0/${file}`);
      ajv.addSchema(schema, id);
    }
    validate = ajv.compile(schemaFile("csaf-2.0/csaf_json_schema.json"));
  }
  validators.set(format, validate);
  return validate;
}

interface TestResult {
  isValid?: boolean;
  errors?: { message: string; instancePath: string }[];
}
type DocumentTest = ((doc: unknown) => TestResult | Promise<TestResult>) & { name: string };

let mandatoryTests: DocumentTest[] | undefined;

/**
 * csaf-validator-lib's CSAF 2.0 mandatory tests (section 6.1 of the standard). The library is
 * ESM; it is loaded on first use with require (Node 20.19+ loads ES modules synchronously)
 * because importing it compiles its own schemas, which takes seconds, and most processes
 * never export CSAF. Every 2.0 mandatory test is synchronous.
 */
function csafMandatoryTests(): DocumentTest[] {
  if (!mandatoryTests) {
    const require = createRequire(import.meta.url);
    const mod = require("@secvisogram/csaf-validator-lib/mandatoryTests.js") as Record<string, DocumentTest>;
    mandatoryTests = Object.values(mod);
  }
  return mandatoryTests;
}

function schemaErrors(errors: ErrorObject[] | null | undefined): ExportError[] {
  const out: ExportError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // A failed oneOf/anyOf/if repeats what its branches said.
    if (e.keyword === "oneOf" || e.keyword === "anyOf" || e.keyword === "if") continue;
    let field = e.instancePath || "/";
    let message = e.message ?? "is not valid";
    if (e.keyword === "required") {
      field = `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
      message = "is required";
    } else if (e.keyword === "additionalProperties") {
      field = `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`;
      message = "is not allowed here";
    } else if (e.keyword === "enum") {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
    }
    const key = `${field}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}

/**
 * Validates a built document against its format's official schema (all errors) and, for CSAF,
 * the mandatory tests. Each error names the document path (JSON pointer).
 */
export function validateAdvisoryDocument(format: AdvisoryFormat, document: unknown): ExportError[] {
  const validate = compile(format);
  const errors = validate(document) ? [] : schemaErrors(validate.errors);
  if (format === "csaf") {
    for (const test of csafMandatoryTests()) {
      const result = test(document);
      if (result instanceof Promise) throw new Error(`CSAF test ${test.name} is asynchronous`);
      if (result.isValid === false) {
        for (const e of result.errors ?? []) {
          errors.push({ field: e.instancePath || "/", message: `${e.message} (CSAF ${test.name})` });
        }
        if ((result.errors ?? []).length === 0) errors.push({ field: "/", message: `fails CSAF ${test.name}` });
      }
    }
  }
  return errors;
}

/** The OSV ecosystems the bundled schema accepts (an ecosystem may carry a ":suffix"). */
let ecosystemPattern: RegExp | undefined;
export function osvEcosystemPattern(): RegExp {
  if (ecosystemPattern) return ecosystemPattern;
  const schema = schemaFile("osv/schema.json") as { $defs: { ecosystemWithSuffix: { pattern: string } } };
  ecosystemPattern = new RegExp(schema.$defs.ecosystemWithSuffix.pattern);
  return ecosystemPattern;
}

/**
 * Compile every validator and load the CSAF mandatory tests now. Loading them
 * takes seconds of CPU; the server calls this once after it starts listening,
 * so the first CSAF export a person asks for does not stall the process.
 */
export function warmAdvisoryValidators(): void {
  for (const format of ["cve", "osv", "csaf"] as const) compile(format);
  csafMandatoryTests();
}
