import type { ChartConfiguration, Plugin } from 'chart.js';

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

export interface SpecBar extends AnnotatedBar {
  readonly name: string;
  readonly detail?: string;
}

export interface SpecPanel {
  readonly title: string;
  readonly subtitle: string;
  readonly axis: string;
  readonly bars: readonly SpecBar[];
}

type BarConfig = ChartConfiguration<'bar', (number | null)[], string | string[]>;
type BarOptions = NonNullable<BarConfig['options']>;
type TitleOptions = NonNullable<NonNullable<BarOptions['plugins']>['title']>;

export interface BarStyle {
  color(i: number): string;
  readonly labelFont: string;
  readonly title: TitleOptions;
  readonly axisTitle: object;
  readonly options?: BarOptions;
  readonly plugins?: NonNullable<BarOptions['plugins']>;
}

export function barChartSpec(panel: SpecPanel, max: number | null, style: BarStyle): BarConfig;
