import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { THEME_EVENT } from "../../lib/theme.ts";
import { monthLabel } from "./format.ts";

/**
 * One trend chart drawn by uPlot. This module is the only one that imports
 * uPlot and is loaded with React.lazy from the panel, so the chart library is
 * a chunk of its own that the inbox never downloads.
 */

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** A colour of the palette below. */
  color: PaletteKey;
  /** bar: monthly counts; line: a measured value; target: a constant the line is judged against. */
  kind: "bar" | "line" | "target";
}

export type PaletteKey = "primary" | "secondary" | "target";
type Palette = Record<PaletteKey | "text" | "grid", string>;

/** What prints: dark text on white whatever the screen's scheme, colours that survive greyscale. */
const PRINT: Palette = {
  primary: "#3b5bdb",
  secondary: "#237032",
  target: "#c92a2a",
  text: "#1b1f24",
  grid: "#dde1e7",
};

/**
 * The screen's colours come from the stylesheet so dark mode charts match dark mode pages. The palette
 * holds light-dark() pairs, which a canvas cannot parse: a probe element resolves each to the theme's colour.
 */
function screenPalette(el: HTMLElement): Palette {
  const probe = document.createElement("span");
  el.appendChild(probe);
  const v = (name: string, fallback: string) => {
    probe.style.color = `var(${name}, ${fallback})`;
    return getComputedStyle(probe).color || fallback;
  };
  const palette = {
    primary: v("--accent", PRINT.primary),
    secondary: v("--ok", PRINT.secondary),
    target: v("--danger", PRINT.target),
    text: v("--muted", PRINT.text),
    grid: v("--border", PRINT.grid),
  };
  probe.remove();
  return palette;
}

const HEIGHT = 190;

export default function TrendChart({
  months,
  series,
  format,
  max,
}: {
  /** "2026-01" … oldest first; the x axis. */
  months: string[];
  series: ChartSeries[];
  /** A y-axis value as text: "3 h", "75%". */
  format: (v: number) => string;
  /** A fixed top of the y axis (100 for percentages); otherwise from the data. */
  max?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: uPlot | null = null;
    const xs = months.map((_, i) => i);
    const draw = (printing: boolean) => {
      chart?.destroy();
      const palette = printing ? PRINT : screenPalette(el);
      const width = Math.max(240, el.clientWidth);
      const bars = series.filter((s) => s.kind === "bar");
      const opts: uPlot.Options = {
        width,
        height: HEIGHT,
        legend: { show: false },
        // Values are read from the data table and the KPI tables; a hover cursor would add nothing a keyboard can reach.
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.5, months.length - 0.5] },
          y: {
            range: (_u, _min, dataMax) => [0, max ?? niceTop(dataMax)],
          },
        },
        axes: [
          {
            stroke: palette.text,
            grid: { show: false },
            ticks: { stroke: palette.grid },
            // Every month on a wide chart; every other one (ending with the latest) on a phone.
            splits: (u) => xs.filter((i) => u.bbox.width / devicePixelRatio >= 520 || (xs.length - 1 - i) % 2 === 0),
            values: (_u, splits) =>
              splits.map((i) => (months[i] ? monthLabel(months[i], true, i === 0 || splits[0] === i) : "")),
          },
          {
            stroke: palette.text,
            grid: { stroke: palette.grid, width: 1 },
            ticks: { stroke: palette.grid },
            size: 56,
            values: (_u, splits) => splits.map((v) => format(v)),
            ...(max === 100 ? { splits: () => [0, 25, 50, 75, 100] } : {}),
          },
        ],
        series: [
          {},
          ...series.map((s): uPlot.Series => {
            const color = palette[s.color];
            if (s.kind === "bar") {
              const nth = bars.indexOf(s);
              return {
                label: s.label,
                stroke: color,
                fill: color,
                width: 0,
                // Two bars side by side around each month.
                paths: uPlot.paths.bars?.({ size: [0.32, 22], align: bars.length > 1 ? (nth === 0 ? -1 : 1) : 0 }),
                points: { show: false },
              };
            }
            if (s.kind === "target") {
              return { label: s.label, stroke: color, width: 1.5, dash: [6, 4], points: { show: false } };
            }
            return { label: s.label, stroke: color, width: 2, points: { show: true, size: 6, fill: color } };
          }),
        ],
      };
      chart = new uPlot(opts, [xs, ...series.map((s) => s.values)], el);
    };
    const print = matchMedia("print");
    const dark = matchMedia("(prefers-color-scheme: dark)");
    const redraw = () => draw(print.matches);
    // window.print() lays the page out for paper after "beforeprint": draw in print colours now, the
    // stylesheet scales the canvas to the page; a media change (or emulation) redraws at the new width.
    const beforePrint = () => draw(true);
    const afterPrint = () => draw(false);
    draw(print.matches);
    print.addEventListener("change", redraw);
    dark.addEventListener("change", redraw);
    window.addEventListener(THEME_EVENT, redraw);
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
    const resize = new ResizeObserver(() => {
      const w = Math.max(240, el.clientWidth);
      if (chart && Math.abs(chart.width - w) > 1) chart.setSize({ width: w, height: HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      print.removeEventListener("change", redraw);
      dark.removeEventListener("change", redraw);
      window.removeEventListener(THEME_EVENT, redraw);
      window.removeEventListener("beforeprint", beforePrint);
      window.removeEventListener("afterprint", afterPrint);
      chart?.destroy();
    };
  }, [months, series, format, max]);
  // The picture only: the figure around it carries the name, the legend and the data table.
  return <div ref={ref} className="chart-canvas" aria-hidden="true" />;
}

/** A round top for the y axis a little above the largest value (counts, hours, days). */
function niceTop(dataMax: number | null): number {
  if (!dataMax || dataMax <= 0) return 1;
  const raw = dataMax * 1.1;
  const step = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= raw) return m * step;
  return 10 * step;
}
