import { emptyAdvisoryDraft } from "@embargo/core";
import { describe, expect, it } from "vitest";
import { describeAdvisoryField, draftOfForm, formOfDraft } from "./advisoryForm.ts";

describe("describeAdvisoryField", () => {
  it("names nested rows by their position on screen, counting from 1", () => {
    expect(describeAdvisoryField("affected[0].ranges[1].fixed")).toBe("Affected product 1, range 2, fixed version");
    expect(describeAdvisoryField("references[2].url")).toBe("Reference 3, URL");
  });
  it("names program settings and document paths in words", () => {
    expect(describeAdvisoryField("program.cveAssignerOrgId")).toBe("Program settings: CVE assigner organisation id");
    expect(describeAdvisoryField("/document/title")).toBe("The document at /document/title");
    expect(describeAdvisoryField("/")).toBe("The document");
    expect(describeAdvisoryField("cveId")).toBe("CVE id");
  });
});

describe("the advisory form", () => {
  it("round-trips a draft, with the CWE list typed as text", () => {
    const draft = {
      ...emptyAdvisoryDraft({ title: "XSS in names", cwe: "CWE-79", vendor: "Acme", product: "Voice" }),
      summary: "Stored XSS.",
      workaround: null,
    };
    const form = formOfDraft(draft);
    expect(form.cwes).toBe("CWE-79");
    expect(form.workaround).toBe("");
    form.cwes = "CWE-79, cwe-20;CWE-116 ";
    const out = draftOfForm(form);
    expect(out.cwes).toEqual(["CWE-79", "cwe-20", "CWE-116"]);
    expect(out.affected[0]).toMatchObject({ vendor: "Acme", product: "Voice", ecosystem: "", ranges: [] });
  });
  it("keeps empty rows so server error paths point at the rows shown", () => {
    const form = formOfDraft(emptyAdvisoryDraft({ title: "t", cwe: null, vendor: "v", product: "p" }));
    form.affected[0]!.ranges.push(
      { introduced: "", fixed: "", lastAffected: "" },
      { introduced: "1.0", fixed: "1.2", lastAffected: "" },
    );
    expect(draftOfForm(form).affected[0]!.ranges[1]).toEqual({ introduced: "1.0", fixed: "1.2", lastAffected: "" });
  });
});
