/**
 * How a 95% interval is drawn, once for every chart: a whisker (a vertical
 * line with a cap at each end), and for bar charts a value label above each
 * bar, and the bar chart of one value per variant itself. Plain JavaScript,
 * so that the PNG charts (barChart.ts, sweepChart.ts) import it and
 * index.html runs the same code: html.ts inlines this file, without its
 * `export` keywords, before htmlCharts.js.
 */

/** Adds a whisker at `x` from pixel `low` to pixel `high`, caps `halfWidth` px each side, to the current path. */
export function addWhisker(ctx, x, low, high, halfWidth) {
  ctx.moveTo(x, low);
  ctx.lineTo(x, high);
  ctx.moveTo(x - halfWidth, low);
  ctx.lineTo(x + halfWidth, low);
  ctx.moveTo(x - halfWidth, high);
  ctx.lineTo(x + halfWidth, high);
}

/**
 * A Chart.js plugin that draws each bar's whisker and label after the bars
 * (Chart.js has neither for bars). `bars`: { value, interval: { low, high } | null, label }[].
 */
export function barAnnotations(bars, font) {
  return {
    id: 'barAnnotations',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const y = chart.scales.y;
      const elements = chart.getDatasetMeta(0).data;
      ctx.save();
      ctx.strokeStyle = '#333333';
      ctx.fillStyle = '#333333';
      ctx.lineWidth = 1.5;
      ctx.font = font;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      bars.forEach((bar, i) => {
        const x = elements[i].x;
        // Clamped to the axis: a log axis has no 0.
        let top = y.getPixelForValue(Math.max(bar.value ?? 0, y.min));
        if (bar.interval !== null) {
          const low = y.getPixelForValue(Math.max(bar.interval.low, y.min));
          const high = y.getPixelForValue(Math.min(bar.interval.high, y.max));
          ctx.beginPath();
          addWhisker(ctx, x, low, high, 6);
          ctx.stroke();
          top = Math.min(top, high);
        }
        ctx.fillText(bar.label, x, top - 4);
      });
      ctx.restore();
    },
  };
}

/**
 * The Chart.js config of a bar per variant with its label and whisker, for
 * the PNGs and the page alike. `panel`: { title, subtitle, axis, bars } with
 * bars { name, detail?, value, interval, label }; `max`: the top of the y
 * axis, null when no bar rises above 0. `style` holds what differs between
 * the two: color(i), labelFont, title and axisTitle (Chart.js title options),
 * options (spread under the chart's own) and plugins (added to its own).
 */
export function barChartSpec(panel, max, style) {
  return {
    type: 'bar',
    data: {
      labels: panel.bars.map((bar) => (bar.detail === undefined ? bar.name : [bar.name, bar.detail])),
      datasets: [
        {
          label: panel.axis,
          data: panel.bars.map((bar) => bar.value),
          backgroundColor: panel.bars.map((_, i) => style.color(i)),
          maxBarThickness: 120,
        },
      ],
    },
    plugins: [barAnnotations(panel.bars, style.labelFont)],
    options: {
      ...style.options,
      scales: {
        x: { ticks: { autoSkip: false } },
        y: {
          min: 0,
          // suggestedMax: the axis ends on a round tick at or above it.
          suggestedMax: max ?? 1,
          // Without a bar above 0, numbers and grid lines would only suggest a scale that is not there.
          ticks: { display: max !== null },
          grid: { display: max !== null },
          title: style.axisTitle,
        },
      },
      plugins: {
        title: style.title,
        // Padded below: unpadded, it touches the top of the plot.
        subtitle: { display: panel.subtitle !== '', text: panel.subtitle, padding: { bottom: 8 } },
        // The x axis names the variants.
        legend: { display: false },
        ...style.plugins,
      },
    },
  };
}
