import { openDatabase } from "./src/client.ts";
import { listReports } from "./src/reports/list.ts";
const db = openDatabase("/tmp/inbox-probe/p100k.db");
const raw = db.$client;
const NOW = new Date("2026-12-01T12:00:00Z");
const programIds = (raw.prepare("select id from programs").all() as {id:number}[]).map(r=>r.id);
const seen: string[] = [];
const orig = raw.prepare.bind(raw);
(raw as any).prepare = (s: string) => { seen.push(s); return orig(s); };
const f: any = JSON.parse(process.argv[2]!); f.programIds = programIds; f.now = NOW;
listReports(db, f, process.argv[3] as any, { offset: 0, limit: 50 });
for (const s of seen) {
  console.log("SQL:", s.slice(0, 600));
  const n = (s.match(/\?/g) ?? []).length;
  try { console.log(orig("EXPLAIN QUERY PLAN " + s).all(...Array(n).fill(1)).map((r: any) => r.detail).join("\n")); } catch (e) { console.log(String(e)); }
}
