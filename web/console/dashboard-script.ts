/** Where the dashboard's script and the bundled chart library are served (same origin: the CSP allows no other). */
export const DASHBOARD_SCRIPT_PATH = '/console/assets/dashboard.js'
export const CHART_SCRIPT_PATH = '/console/assets/chart.js'

/**
 * Draws the 30-day chart from the canvas's data-series attribute (data in an
 * attribute, code in a file: nothing inline for the CSP to refuse). Marks the
 * canvas data-drawn once drawn, so a browser test can tell.
 */
export const DASHBOARD_SCRIPT = `(function () {
  'use strict';
  var canvas = document.getElementById('daily-chart');
  if (!canvas || typeof window.Chart !== 'function') return;
  var series;
  try {
    series = JSON.parse(canvas.getAttribute('data-series') || '');
  } catch (e) {
    return;
  }
  var yuan = series.commissionFen.map(function (fen) { return fen / 100; });
  var narrow = window.matchMedia && window.matchMedia('(max-width: 600px)').matches;
  new window.Chart(canvas, {
    data: {
      labels: series.days,
      datasets: [
        { type: 'bar', label: '订单', data: series.orders, yAxisID: 'count', backgroundColor: 'rgba(78,121,167,0.7)' },
        { type: 'line', label: '推送浏览', data: series.views, yAxisID: 'count', borderColor: '#59a14f', backgroundColor: '#59a14f', tension: 0.2, pointRadius: 2 },
        { type: 'line', label: '佣金（元）', data: yuan, yAxisID: 'money', borderColor: '#e15759', backgroundColor: '#e15759', tension: 0.2, pointRadius: 2 }
      ]
    },
    options: {
      responsive: true,
      aspectRatio: narrow ? 1.1 : 2.6,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom' } },
      scales: {
        count: { type: 'linear', position: 'left', beginAtZero: true, ticks: { precision: 0 } },
        money: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } }
      }
    }
  });
  canvas.setAttribute('data-drawn', 'true');
})();
`
