import http from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createNetServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BlockedAddressError, createWebhookPost, isPublicAddress } from "./webhook-post.ts";

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1",
    "127.5.5.5",
    "::1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254", // cloud metadata
    "100.64.0.1", // CGNAT
    "0.0.0.0",
    "::",
    "fc00::1",
    "fd00:ec2::254",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "not an ip",
    "",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1", "93.184.216.34", "::ffff:8.8.8.8"])(
    "accepts %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback-only receiver; `answer` false leaves every request hanging. */
const servers: http.Server[] = [];
async function receiver(status: number, answer = true) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      if (answer) res.writeHead(status).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, received };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const BODY = JSON.stringify({ event: "report.created", data: { key: "ALPHA-1" } });
const init = { headers: { "content-type": "application/json", "x-embargo-signature": "t=1,v1=ab" }, body: BODY };

describe("createWebhookPost", () => {
  const guarded = createWebhookPost({ allowPrivate: false });

  it.each(["127.0.0.1", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]", "2130706433"])(
    "refuses the literal address %s without sending",
    async (host) => {
      const { port, received } = await receiver(204);
      const sent = guarded(new URL(`http://${host}:${port}/hook`), { ...init, timeoutMs: 2_000 });
      await expect(sent).rejects.toBeInstanceOf(BlockedAddressError);
      expect(received).toEqual([]);
    },
  );

  it("refuses a name that resolves to loopback, without sending", async () => {
    const { port, received } = await receiver(204);
    const sent = guarded(new URL(`http://localhost:${port}/hook`), { ...init, timeoutMs: 2_000 });
    await expect(sent).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(sent).rejects.toMatchObject({ code: "EBLOCKEDADDRESS" });
    expect(received).toEqual([]);
  });

  it("with allowPrivate, delivers body and headers and resolves with the status", async () => {
    const { port, received } = await receiver(204);
    const post = createWebhookPost({ allowPrivate: true });
    await expect(post(new URL(`http://127.0.0.1:${port}/hook`), { ...init, timeoutMs: 2_000 })).resolves.toBe(204);
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toBe(BODY);
    expect(received[0]!.headers).toMatchObject({
      "content-type": "application/json",
      "x-embargo-signature": "t=1,v1=ab",
      "content-length": String(Buffer.byteLength(BODY)),
    });
  });

  it("resolves with an error status too (the caller decides)", async () => {
    const { port } = await receiver(500);
    const post = createWebhookPost({ allowPrivate: true });
    await expect(post(new URL(`http://127.0.0.1:${port}/`), { ...init, timeoutMs: 2_000 })).resolves.toBe(500);
  });

  it("gives up at the deadline on a receiver that trickles its answer byte by byte", async () => {
    const answer = "HTTP/1.1 204 No Content\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    const trickler = createNetServer((socket) => {
      let i = 0;
      const timer = setInterval(() => {
        if (i < answer.length && !socket.destroyed) socket.write(answer[i++]!);
        else clearInterval(timer);
      }, 50);
      socket.on("close", () => clearInterval(timer));
      socket.on("error", () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickler.listen(0, "127.0.0.1", resolve));
    const port = (trickler.address() as AddressInfo).port;
    const post = createWebhookPost({ allowPrivate: true });
    const started = Date.now();
    try {
      await expect(post(new URL(`http://127.0.0.1:${port}/`), { ...init, timeoutMs: 300 })).rejects.toMatchObject({
        name: "TimeoutError",
      });
      // Well before the ~4 s the whole answer would take.
      expect(Date.now() - started).toBeLessThan(2_500);
    } finally {
      await new Promise((resolve) => trickler.close(resolve));
    }
  });

  it("rejects with a TimeoutError when the receiver never answers", async () => {
    const { port, received } = await receiver(204, false);
    const post = createWebhookPost({ allowPrivate: true });
    const sent = post(new URL(`http://127.0.0.1:${port}/`), { ...init, timeoutMs: 200 });
    await expect(sent).rejects.toMatchObject({ name: "TimeoutError" });
    expect(received).toHaveLength(1);
  });
});
