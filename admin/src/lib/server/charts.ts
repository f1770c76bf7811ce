import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Charts are drawn here, on the server, as SVG written into the page: they need no script in the
// browser, so they show under the admin's content security policy and on a phone that blocks it.
use([BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, SVGRenderer]);

/** A chart drawn twice, for a wide screen and a phone's: one SVG scaled down would shrink its words. */
export interface ChartSvg {
  wide: string;
  narrow: string;
}

const SIZES = { wide: { width: 760, height: 320 }, narrow: { width: 360, height: 320 } } as const;

// The page's faces, so that names in Amharic or Arabic draw as they do in the table. Single
// quotes: the family is written into a style attribute.
const FONT =
  "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', Roboto, 'Noto Sans Ethiopic Variable', 'Noto Sans Arabic Variable', sans-serif";
const TEXT = '#1c2530';
const MUTED = '#56606b';
/** Strong enough against white to tell apart without their colour: each also has its own pattern, line or marker. */
export const CHART_COLORS = ['#0f5132', '#9a3412', '#1d4ed8', '#6b21a8'];

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function draw(option: EChartsCoreOption, size: { width: number; height: number }, label: string): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, ...size });
  try {
    chart.setOption({
      animation: false,
      color: CHART_COLORS,
      textStyle: { fontFamily: FONT, color: TEXT, fontSize: 13 },
      // Each series gets its own pattern as well as its colour.
      aria: { enabled: true, decal: { show: true } },
      ...option,
    });
    const svg = chart.renderToSVGString();
    // The summary stands for the drawing; the table beside it has every figure.
    return svg.replace(
      '<svg ',
      `<svg role="img" aria-label="${escapeAttribute(label)}" focusable="false" class="chart-svg" `,
    );
  } finally {
    chart.dispose();
  }
}

function both(option: (narrow: boolean) => EChartsCoreOption, label: string): ChartSvg {
  return { wide: draw(option(false), SIZES.wide, label), narrow: draw(option(true), SIZES.narrow, label) };
}

/** The axes' labels inside the drawing, not cut at its edge. */
const CONTAIN_LABELS = { outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' } as const;

const legend = { top: 0, left: 0, itemGap: 18, textStyle: { color: TEXT, fontSize: 13 } };
const axisLabel = { color: MUTED, fontSize: 12 };

export interface LineSeries {
  name: string;
  values: number[];
  dashed: boolean;
  symbol: 'circle' | 'triangle' | 'rect' | 'diamond';
}

/** Amounts over days: each line solid or dashed, with its own marker, named in the legend. */
export function lineChart(
  days: string[],
  series: LineSeries[],
  formatDay: (day: string) => string,
  formatAmount: (value: number) => string,
  label: string,
): ChartSvg {
  return both(
    (narrow) => ({
      legend: { ...legend, data: series.map((line) => ({ name: line.name, icon: line.symbol })) },
      grid: { top: 40, left: 8, right: 16, bottom: 8, ...CONTAIN_LABELS },
      xAxis: {
        type: 'category',
        data: days.map(formatDay),
        boundaryGap: false,
        axisLabel: { ...axisLabel, hideOverlap: true },
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: 'value',
        axisLabel: { ...axisLabel, formatter: formatAmount },
        splitNumber: narrow ? 3 : 5,
      },
      series: series.map((line) => ({
        type: 'line',
        name: line.name,
        data: line.values,
        symbol: line.symbol,
        symbolSize: 7,
        // Markers on every day while they stay apart; a long range keeps only the lines.
        showSymbol: days.length <= (narrow ? 31 : 62),
        lineStyle: { width: 2.5, type: line.dashed ? 'dashed' : 'solid' },
      })),
    }),
    label,
  );
}

export interface BarSeries {
  name: string;
  values: number[];
  /** Written at the end of each bar; empty for none. */
  labels: string[];
  /** Shorter ones for a phone's drawing (`3%` for `$25.00 of $1,000.00 (3%)`); the same as `labels` when left out. */
  shortLabels?: string[];
  /** Bars of the same stack sit end to end (raised, then still to raise). */
  stack?: string;
  /** A pale series (what is left), drawn lighter than the others. */
  pale?: boolean;
}

/**
 * Horizontal bars, one row per category (a tier, an event), each bar labelled with its figure.
 * Long names are cut on the axis; the table beside the chart has them whole.
 */
export function barChart(
  categories: string[],
  series: BarSeries[],
  formatAmount: (value: number) => string,
  label: string,
): ChartSvg {
  const rowHeight = series.some((bars) => bars.stack) || series.length === 1 ? 34 : 26 * series.length;
  const height = Math.max(160, 60 + categories.length * (rowHeight + 12));
  const option = (narrow: boolean): EChartsCoreOption => ({
    legend: series.length > 1 ? { ...legend, data: series.map((bars) => bars.name) } : undefined,
    grid: { top: series.length > 1 ? 40 : 8, left: 14, right: narrow ? 72 : 96, bottom: 8, ...CONTAIN_LABELS },
    xAxis: {
      type: 'value',
      axisLabel: { ...axisLabel, formatter: formatAmount, hideOverlap: true },
      splitNumber: narrow ? 2 : 4,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: categories,
      axisLabel: { ...axisLabel, color: TEXT, width: narrow ? 96 : 220, overflow: 'truncate' },
    },
    series: series.map((bars, index) => ({
      type: 'bar',
      name: bars.name,
      data: bars.values,
      stack: bars.stack,
      barMaxWidth: 28,
      itemStyle: bars.pale
        ? { color: '#e4e7ec', borderColor: MUTED, borderWidth: 1, decal: { symbol: 'none' } }
        : { color: CHART_COLORS[index % CHART_COLORS.length] },
      // What is left of a goal is labelled inside its end, on white, so that a phone has room for it.
      label: {
        show: true,
        position: bars.pale ? 'insideRight' : 'right',
        color: TEXT,
        backgroundColor: bars.pale ? '#ffffff' : 'transparent',
        padding: bars.pale ? [2, 4] : 0,
        fontSize: 12,
        formatter: ({ dataIndex }: { dataIndex: number }) =>
          ((narrow && bars.shortLabels) || bars.labels)[dataIndex] ?? '',
      },
    })),
  });
  return {
    wide: draw(option(false), { width: SIZES.wide.width, height }, label),
    narrow: draw(option(true), { width: SIZES.narrow.width, height }, label),
  };
}
