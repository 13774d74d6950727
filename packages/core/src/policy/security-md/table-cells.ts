/** Splits a table row into cells; "\|" does not split. Returns cell [start, end) offsets into `t`. */
export function splitCells(t: string): [number, number][] {
  const cells: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === "\\") {
      i++;
      continue;
    }
    if (t[i] === "|") {
      cells.push([start, i]);
      start = i + 1;
    }
  }
  cells.push([start, t.length]);
  // Leading and trailing pipes are optional.
  const first = cells[0];
  if (first && t.slice(first[0], first[1]).trim() === "") cells.shift();
  const last = cells[cells.length - 1];
  if (last && cells.length > 0 && t.slice(last[0], last[1]).trim() === "") cells.pop();
  return cells;
}

export function isDelimiterRow(t: string): boolean {
  if (!t.includes("-")) return false;
  const cells = splitCells(t);
  if (cells.length === 0) return false;
  for (const [a, b] of cells) {
    const c = t.slice(a, b).trim();
    if (!/^:?-+:?$/.test(c)) return false;
  }
  return t.includes("|") || cells.length > 1;
}
