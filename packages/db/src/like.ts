/** A LIKE pattern matching `q` literally anywhere, lower-cased (its % and _ are escaped; use with ESCAPE '\'). */
export const containing = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
