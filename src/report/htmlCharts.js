/**
 * index.html's own script, plain browser JavaScript that html.ts inlines
 * after Chart.js: draws the interactive charts from the page's JSON data
 * block (the same prepared data as the PNGs), then sets
 * body[data-charts-rendered] to how many it drew, for the browser test.
 */
(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const color = (i) => data.palette[i % data.palette.length];
  const axisTitle = (text) => ({ display: true, text });
  const title = (text) => ({ display: true, text, font: { size: 15 } });
  // Drawn at once: when the count is set, the pixels are there.
  Chart.defaults.animation = false;
  // Each canvas fills a box whose height the stylesheet sets.
  Chart.defaults.maintainAspectRatio = false;

  const charts = [];
  // A chart with no data has no canvas on the page.
  const draw = (id, config) => {
    const canvas = document.getElementById(id);
    if (canvas !== null) charts.push(new Chart(canvas, config));
  };

  const line = (label, points, i, extra) => ({
    label,
    data: points,
    borderColor: color(i),
    backgroundColor: color(i),
    borderWidth: 1.5,
    pointRadius: 0,
    pointHoverRadius: 3,
    pointStyle: 'line',
    ...extra,
  });
  // Hovering anywhere shows the nearest point in time, not only a point under the pointer.
  const interaction = { mode: 'nearest', axis: 'x', intersect: false };
  const legend = { position: 'bottom', labels: { usePointStyle: true } };
  /** Tooltips over time say when, in the axis unit: "1.72 days". */
  const timeTooltip = (unit) => ({
    callbacks: { title: (items) => `${items[0].parsed.x.toFixed(2)} ${unit.name}` },
  });
  // Padded below, as in the PNGs: unpadded, it touches the top of the plot.
  const subtitle = (text) => ({ display: text !== '', text, padding: { bottom: 8 } });

  /** Log-axis labels at 1, 2 and 5 times a power of ten only, as in the PNG. */
  const logTick = (value) => {
    const v = Number(value);
    const significand = Number((v / 10 ** Math.floor(Math.log10(v))).toPrecision(6));
    return significand === 1 || significand === 2 || significand === 5
      ? String(Number(v.toPrecision(6)))
      : null;
  };

  const cdf = data.cdf;
  draw('chart-convergence-cdf', {
    type: 'line',
    data: {
      datasets: cdf.curves.map((c, i) => line(c.label, c.points, i, { stepped: true, borderWidth: 2 })),
    },
    options: {
      interaction,
      scales: {
        x: {
          type: 'logarithmic',
          min: cdf.xMin,
          max: cdf.xMax,
          ticks: { callback: logTick, maxRotation: 0, autoSkip: false },
          title: axisTitle('time to converge (s, log scale)'),
        },
        y: { min: 0, max: 1, title: axisTitle('share of changes converged') },
      },
      plugins: {
        title: title(data.titles.cdf),
        legend,
        tooltip: {
          callbacks: {
            label: (ctx) =>
              `${(ctx.parsed.y * 100).toFixed(1)}% within ${ctx.parsed.x} s: ${ctx.dataset.label}`,
          },
        },
      },
    },
  });

  const c = data.correctness;
  const marks = (label, points, colour) => ({
    label,
    data: points,
    yAxisID: 'events',
    showLine: false,
    pointStyle: 'line',
    rotation: 90,
    pointRadius: 5,
    pointHoverRadius: 8,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 1.5,
  });
  draw('chart-correctness', {
    type: 'line',
    data: {
      datasets: [
        ...c.lines.map((l, i) => line(l.label, l.points, i, { yAxisID: 'y' })),
        ...(c.events.drift.length > 0 ? [marks('drift event', c.events.drift, data.colors.drift)] : []),
        ...(c.events.rollbacks.length > 0
          ? [marks('rollback', c.events.rollbacks, data.colors.rollback)]
          : []),
      ],
    },
    options: {
      interaction,
      scales: {
        // As in the PNG: listed first so it stacks below the lines; an empty row keeps the labels apart.
        ...(c.events.rows.length > 0 && {
          events: {
            type: 'category',
            labels: ['', ...c.events.rows],
            offset: true,
            stack: 'time',
            stackWeight: (c.events.rows.length + 1) / 4,
            grid: { display: false },
            ticks: { autoSkip: false },
          },
        }),
        x: { type: 'linear', min: 0, max: c.xMax, title: axisTitle(`time since start (${c.unit.name})`) },
        y: {
          min: c.yMin,
          max: 1,
          ticks: { stepSize: c.yStep },
          stack: 'time',
          stackWeight: 4,
          title: axisTitle('share of desired replicas correct'),
        },
      },
      plugins: {
        title: title(data.titles.correctness),
        subtitle: subtitle(c.note),
        legend,
        tooltip: timeTooltip(c.unit),
      },
    },
  });

  // The same bars as the PNGs (barAnnotations.js), with the page's fonts and a tooltip.
  const barChart = (id, panel) =>
    draw(
      id,
      barChartSpec(panel, panel.axisMax, {
        color,
        labelFont: `12px ${Chart.defaults.font.family}`,
        title: title(panel.title),
        axisTitle: axisTitle(panel.axis),
        plugins: {
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const bar = panel.bars[ctx.dataIndex];
                return bar.interval === null
                  ? bar.label
                  : `${bar.label} (95% interval ${bar.interval.low.toPrecision(3)} to ${bar.interval.high.toPrecision(3)})`;
              },
            },
          },
        },
      }),
    );

  barChart('chart-drift-open', data.drift);
  if (data.failed !== null) barChart('chart-failed-requests', data.failed);
  for (const [i, panel] of data.dora.entries()) barChart(`chart-dora-${i + 1}`, panel);

  const load = data.load;
  draw('chart-controller-load', {
    type: 'line',
    data: {
      datasets: [
        ...load.lines.map((l, i) => line(l.label, l.queue, i, { yAxisID: 'queue' })),
        ...load.lines.map((l, i) => line(l.label, l.throttled, i, { yAxisID: 'throttled' })),
      ],
    },
    options: {
      interaction,
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: load.xMax,
          title: axisTitle(`time since start (${load.unit.name})`),
        },
        throttled: {
          axis: 'y',
          min: 0,
          suggestedMax: 1,
          stack: 'time',
          offset: true,
          title: axisTitle(`API throttled, total (${load.throttledUnit.name})`),
        },
        queue: {
          axis: 'y',
          min: 0,
          suggestedMax: 1,
          stack: 'time',
          offset: true,
          title: axisTitle('work queued (items)'),
        },
      },
      plugins: {
        title: title(data.titles.load),
        subtitle: subtitle(load.note),
        tooltip: timeTooltip(load.unit),
        // A variant's two lines share its colour: one legend entry each, which shows or hides both.
        legend: {
          ...legend,
          labels: { ...legend.labels, filter: (item) => item.datasetIndex < load.lines.length },
          onClick: (_event, item, { chart }) => {
            const visible = chart.isDatasetVisible(item.datasetIndex);
            chart.setDatasetVisibility(item.datasetIndex, !visible);
            chart.setDatasetVisibility(item.datasetIndex + load.lines.length, !visible);
            chart.update();
          },
        },
      },
    },
  });

  document.body.dataset.chartsRendered = String(charts.length);
})();
