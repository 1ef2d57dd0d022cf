// Small DOM helpers: the views build elements with h() and replace whole regions when their state changes.

/**
 * h('button', { class: 'x', 'data-testid': 'send-button', onclick: fn }, 'Send').
 * on* props become listeners; true sets an empty attribute; null/false/undefined are skipped.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** crypto.randomUUID needs a secure context; a page served over plain http from a LAN address is not one. */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Characters as the server counts them (code points), so an emoji is one, not two. */
export const charCount = (text) => [...text].length;

/** The first letter of a name, for the round avatar (past leading punctuation: "(탈퇴한 사용자)" gives 탈). */
export const initial = (name) => ([...(name || '?').trim().replace(/^\p{P}+(?=[^\p{P}])/u, '')][0] || '?').toUpperCase();

/** Calls fn at most once per `ms`; a call inside the window runs at its end, so the last one is never lost. */
export function throttle(fn, ms) {
  let last = 0;
  let timer = null;
  return () => {
    const wait = last + ms - Date.now();
    if (wait <= 0) {
      last = Date.now();
      fn();
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        fn();
      }, wait);
    }
  };
}
