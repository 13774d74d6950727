// The HTTP floor: a bare node:http server that answers each recorded path with
// the bytes (status, headers, body) the real server sent for it. Whatever the
// load tool measures against this is the cost of HTTP on loopback alone.
// Usage: node floor-server.mjs <responses.json>; prints "listening <port>".
import { readFileSync } from "node:fs";
import http from "node:http";

const recorded = JSON.parse(readFileSync(process.argv[2], "utf8"));
const byPath = new Map(
  recorded.map((r) => [r.path, { status: r.status, headers: r.headers, body: Buffer.from(r.body, "base64") }]),
);

const server = http.createServer((req, res) => {
  const hit = byPath.get(req.url);
  if (!hit) {
    res.writeHead(404).end();
    return;
  }
  // Drain a request body (POST) before answering, as any server must.
  req.resume();
  req.on("end", () => res.writeHead(hit.status, hit.headers).end(hit.body));
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
