/**
 * What every charts/*.png shares: Chart.js drawn on @napi-rs/canvas, so a
 * report needs no browser. The pixels depend only on the input: a bundled
 * font, a fixed size and locale, no animation, a white background.
 */
import { createRequire } from 'node:module';
import type { Canvas } from '@napi-rs/canvas';
import type { ChartConfiguration, ChartItem, ChartType, Plugin } from 'chart.js';

/** Layout size in CSS pixels; the PNG has PIXEL_RATIO times as many, sharp on a slide or a high-density screen. */
export const WIDTH = 960;
export const HEIGHT = 540;
export const PIXEL_RATIO = 2;
/** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
];
/**
 * A family name of our own: the system may have a different "DejaVu Sans"
 * (this one would then be mixed with it), or none at all.
 */
/**
 * Line widths for `count` series that may run on one another: Chart.js draws the first series last, on top, so
 * each later one is a little wider beneath it, and a line that lies on another shows both colours (two pull
 * variants a second apart drew one line). At most 2 px wider than `thinnest`, however many series.
 */
export function nestedLineWidth(index: number, count: number, thinnest: number): number {
  if (count <= 1) return thinnest;
  return thinnest + index * Math.min(1, 2 / (count - 1));
}

export const FONT_FAMILY = 'gitops-sim-dejavu-sans';
const FONT_FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'];

/** Options every PNG chart takes: no animation, its own pixel size, and no dependence on the machine. */
export const STATIC_OPTIONS = {
  animation: false,
  responsive: false,
  maintainAspectRatio: false,
  devicePixelRatio: PIXEL_RATIO,
  // Tick labels are formatted with Intl: a fixed locale keeps the bytes the same on every machine.
  locale: 'en-US',
  layout: { padding: 8 },
} as const;

export const TITLE_FONT = { size: 18, weight: 'bold' } as const;
export const AXIS_TITLE_FONT = { size: 14 } as const;

/** The x axis of a chart over a run's time, from 0 to `xMax` in `unitName` (hours, days). */
export function timeAxis(xMax: number, unitName: string) {
  return {
    type: 'linear' as const,
    min: 0,
    max: xMax,
    ticks: { maxRotation: 0 },
    title: { display: true, text: `time since start (${unitName})`, font: AXIS_TITLE_FONT },
  };
}

/** The renderer: the native canvas and Chart.js, about 30 MB of memory. */
interface Renderer {
  readonly createCanvas: typeof import('@napi-rs/canvas').createCanvas;
  readonly Chart: typeof import('chart.js').Chart;
}

let renderer: Promise<Renderer> | undefined;

/**
 * Loads the renderer and registers the Chart.js parts and the fonts once, on the first chart rather
 * than on import: a run loads it after its simulations, so it does not add to their peak memory.
 */
function setUp(): Promise<Renderer> {
  renderer ??= loadRenderer();
  return renderer;
}

/** Loads the renderer now (once): charts started after this draw without waiting for it. */
export async function loadChartRenderer(): Promise<void> {
  await setUp();
}

async function loadRenderer(): Promise<Renderer> {
  const [{ createCanvas, GlobalFonts }, chartJs] = await Promise.all([import('@napi-rs/canvas'), import('chart.js')]);
  const { Chart } = chartJs;
  Chart.register(
    chartJs.LineController,
    chartJs.LineElement,
    chartJs.PointElement,
    chartJs.BarController,
    chartJs.BarElement,
    chartJs.LinearScale,
    chartJs.LogarithmicScale,
    chartJs.CategoryScale,
    chartJs.Legend,
    chartJs.Title,
    chartJs.SubTitle,
  );
  // Resolved from this file, not the cwd, so the CLI works from any directory.
  const require = createRequire(import.meta.url);
  for (const file of FONT_FILES) {
    if (GlobalFonts.registerFromPath(require.resolve(file), FONT_FAMILY) === null) {
      throw new Error(`could not load the chart font ${file}`);
    }
  }
  Chart.defaults.font.family = FONT_FAMILY;
  return { createCanvas, Chart };
}

/** Fills the canvas white before Chart.js draws: PNGs are transparent otherwise (black in some viewers). */
const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * Draws the chart (white background added) on a canvas of the given size and
 * hands the canvas to `use` before the chart is destroyed: destroying a
 * chart clears its canvas.
 */
export async function withChart<T extends ChartType, D, R>(
  config: ChartConfiguration<T, D>,
  width: number,
  height: number,
  use: (canvas: Canvas) => R | Promise<R>,
): Promise<R> {
  const { createCanvas, Chart } = await setUp();
  const canvas = createCanvas(width, height);
  const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, {
    ...config,
    plugins: [whiteBackground as Plugin<T>, ...(config.plugins ?? [])],
  });
  try {
    return await use(canvas);
  } finally {
    chart.destroy();
  }
}

/** The chart as a PNG of WIDTH x HEIGHT (or the given size). */
export function renderPng<T extends ChartType, D>(
  config: ChartConfiguration<T, D>,
  width = WIDTH,
  height = HEIGHT,
): Promise<Buffer> {
  return withChart(config, width, height, (canvas) => canvas.encode('png'));
}

/**
 * A blank white canvas for a figure composed of several charts, the fonts
 * ready for its own text: `width` x `height` in layout pixels, PIXEL_RATIO
 * times as many in the PNG, its context scaled to match.
 */
export async function blankCanvas(width: number, height: number): Promise<Canvas> {
  const { createCanvas } = await setUp();
  const canvas = createCanvas(width * PIXEL_RATIO, height * PIXEL_RATIO);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width * PIXEL_RATIO, height * PIXEL_RATIO);
  ctx.scale(PIXEL_RATIO, PIXEL_RATIO);
  return canvas;
}
