import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { usePageCommands } from "../../lib/pageCommands.ts";
import { errorCode, trpc } from "../../lib/trpc.ts";
import type { Me } from "../../lib/types.ts";
import { filterItems, type PaletteItem, reportKeyIn, screensFor } from "./items.ts";

const GROUPS: PaletteItem["group"][] = ["Report", "Actions", "Screens", "Programs", "Search"];

/** The palette's content (loaded on first use): one list, filtered by plain words; a report key is asked of the server. */
export default function PaletteBody({ me, close }: { me: Me; close: (after?: () => void) => void }) {
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const key = reportKeyIn(search);
  // The server decides whether this person may open the report: unknown and forbidden look the same.
  const lookup = useQuery({
    ...trpc.reports.byKey.queryOptions({ key: key ?? "" }),
    enabled: key !== null,
    retry: false,
  });
  const programs = useQuery(trpc.programs.list.queryOptions());
  const pageCommands = usePageCommands();
  const go = (path: string) => () => navigate(path);

  const items = useMemo((): PaletteItem[] => {
    const canTriage = me.memberships.some((m) => m.role !== "leadership");
    const isAdmin = me.adminOfAll || me.memberships.some((m) => m.role === "admin");
    return [
      ...pageCommands.map(
        (c): PaletteItem => ({
          id: `action-${c.id}`,
          group: "Actions",
          label: c.label,
          ...(c.shortcut ? { shortcut: c.shortcut } : {}),
          run: c.run,
        }),
      ),
      ...screensFor({ canTriage, isAdmin }).map(
        (s): PaletteItem => ({
          id: `screen-${s.path}`,
          group: "Screens",
          label: s.label,
          keywords: `${s.keywords ?? ""} screen page`,
          run: go(s.path),
        }),
      ),
      ...(programs.data ?? []).map(
        (p): PaletteItem => ({
          id: `program-${p.slug}`,
          group: "Programs",
          label: `${p.name}: reports`,
          keywords: `${p.slug} program`,
          run: go(`/?program=${encodeURIComponent(p.slug)}`),
        }),
      ),
    ];
  }, [me, programs.data, pageCommands, navigate]);

  const found = key && lookup.data ? lookup.data.report : null;
  const visible: PaletteItem[] = [
    ...(found
      ? [
          {
            id: `report-${found.key}`,
            group: "Report" as const,
            label: `${found.key} · ${found.title}`,
            run: go(`/reports/${found.key}`),
          },
        ]
      : []),
    ...(key ? [] : filterItems(items, search)),
    ...(search.trim() && !key
      ? [
          {
            id: "search",
            group: "Search" as const,
            label: `Search reports for “${search.trim()}”`,
            run: go(`/?q=${encodeURIComponent(search.trim())}`),
          },
        ]
      : []),
  ];
  const looking = key !== null && lookup.isFetching;
  const missing = key !== null && !looking && !found;
  const run = (item: PaletteItem) => close(item.run);

  return (
    <Command label="Command palette" shouldFilter={false} loop className="palette-cmd">
      <Command.Input
        value={search}
        onValueChange={setSearch}
        placeholder="Key (VOICE-12), program, screen, action"
        aria-describedby="palette-help palette-status"
        autoFocus
        data-autofocus
      />
      <p id="palette-help" className="sr-only">
        Type a report key to open it, or words to find a screen, a program or an action. Enter opens the highlighted
        line; Escape closes.
      </p>
      <p id="palette-status" role="status" className="palette-status">
        {looking
          ? `Looking up ${key}…`
          : missing
            ? `No match: no report ${key} that you can open${errorCode(lookup.error) === "NOT_FOUND" || !lookup.error ? "" : " (the server could not be reached)"}.`
            : search.trim() && visible.length === 0
              ? "No match."
              : ""}
      </p>
      <Command.List>
        {GROUPS.map((g) => {
          const inGroup = visible.filter((i) => i.group === g);
          if (inGroup.length === 0) return null;
          return (
            <Command.Group key={g} heading={g}>
              {inGroup.map((item) => (
                <Command.Item key={item.id} value={item.id} onSelect={() => run(item)}>
                  <span>{item.label}</span>
                  {item.shortcut && <kbd aria-label={`shortcut ${item.shortcut}`}>{item.shortcut}</kbd>}
                </Command.Item>
              ))}
            </Command.Group>
          );
        })}
      </Command.List>
    </Command>
  );
}
