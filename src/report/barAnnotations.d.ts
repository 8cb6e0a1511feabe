import type { Plugin } from 'chart.js';

/** What a whisker is drawn on: a canvas 2D context, in Node or in a browser. */
interface PathContext {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

export function addWhisker(ctx: PathContext, x: number, low: number, high: number, halfWidth: number): void;

export interface AnnotatedBar {
  readonly value: number | null;
  readonly interval: { readonly low: number; readonly high: number } | null;
  readonly label: string;
}

export function barAnnotations(bars: readonly AnnotatedBar[], font: string): Plugin<'bar'>;
