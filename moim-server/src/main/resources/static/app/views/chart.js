// Income and spending by month as paired bars, drawn as SVG (no script library, and no inline style, which the
// page's Content-Security-Policy forbids). Each bar has a <title>, so a pointer or a screen reader gets the figure.
import { t } from '../i18n.js';
import { formatMoney } from '../money.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** rows: [{month: "2026-11", income, spending}], oldest first. */
export function monthlyChart(rows, currency) {
  const width = 300;
  const height = 150;
  const bottom = 20;
  const top = 8;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.income, r.spending)));
  const slot = width / Math.max(rows.length, 1);
  const bar = Math.max(2, Math.min(14, slot / 2 - 2));
  const scale = (v) => ((height - bottom - top) * v) / max;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'money-chart', role: 'img',
    'data-testid': 'money-chart', 'aria-label': t('money.chartTitle') });
  chart.append(svg('line', { x1: 0, y1: height - bottom, x2: width, y2: height - bottom, class: 'axis' }));
  rows.forEach((row, i) => {
    const x = i * slot + slot / 2;
    const income = scale(row.income);
    const spending = scale(row.spending);
    chart.append(
      svg('rect', { x: x - bar - 1, y: height - bottom - income, width: bar, height: income, class: 'bar income',
        'data-testid': 'chart-income', 'data-month': row.month, 'data-amount': row.income },
      svg('title', null, `${row.month} ${t('money.income')} ${formatMoney(row.income, currency)}`)),
      svg('rect', { x: x + 1, y: height - bottom - spending, width: bar, height: spending, class: 'bar spending',
        'data-testid': 'chart-spending', 'data-month': row.month, 'data-amount': row.spending },
      svg('title', null, `${row.month} ${t('money.spending')} ${formatMoney(row.spending, currency)}`)),
      svg('text', { x, y: height - 5, 'text-anchor': 'middle', class: 'label' }, row.month.slice(5)));
  });
  return chart;
}
