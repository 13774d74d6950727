import { describe, expect, it } from "vitest";
import { emailPayloadJson, emailPayloadOf, webhookIdOf } from "./queue.ts";

describe("outbox payloads", () => {
  it("an email payload reads back as written, in the stored key order", () => {
    const json = emailPayloadJson({ subject: "S", text: "T", replyTo: "security@example.org" });
    expect(json).toBe('{"subject":"S","text":"T","replyTo":"security@example.org"}');
    expect(emailPayloadOf({ payloadJson: json })).toEqual({ subject: "S", text: "T", replyTo: "security@example.org" });
    expect(emailPayloadJson({ subject: "S", text: "T" })).toBe('{"subject":"S","text":"T"}');
  });

  it("a payload that is not {subject, text} reads as null, so the row is dead-lettered", () => {
    for (const payloadJson of ["{not json", "null", "[]", '"x"', '{"subject":"S"}', '{"subject":1,"text":"T"}']) {
      expect(emailPayloadOf({ payloadJson })).toBeNull();
    }
  });

  it("a webhook payload names its webhook by integer id, or reads as null", () => {
    expect(webhookIdOf({ payloadJson: '{"event":"report.created","webhookId":7,"data":{}}' })).toBe(7);
    for (const payloadJson of ["{broken", "{}", '{"webhookId":"7"}', '{"webhookId":1.5}']) {
      expect(webhookIdOf({ payloadJson })).toBeNull();
    }
  });
});
