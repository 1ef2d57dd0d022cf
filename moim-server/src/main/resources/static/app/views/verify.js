// Entering the 6-digit code mailed to my address (after sign-up, from the "verify your e-mail" banner, in the
// settings), with "send a new code".
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as social from '../social.js';

/** The sentence for a refused resend: the cooldown and the hourly limits are RATE_LIMITED. */
const resendFailure = (e) => (e.code === 'RATE_LIMITED' ? t('verify.resendLater') : errorText(e));

/** email: where the code went; onVerified(me) once it is accepted; onLater (optional) adds a "Later" button. */
export function verifyForm({ email, onVerified, onLater = null, idPrefix = 'verify' }) {
  const code = h('input', { id: `${idPrefix}-code`, class: 'code-input', inputmode: 'numeric', autocomplete: 'one-time-code',
    maxlength: 6, pattern: '[0-9]{6}', required: true, placeholder: '000000', 'data-testid': 'verify-code',
    'aria-describedby': `${idPrefix}-hint` });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'verify-submit' }, t('verify.submit'));
  const resend = h('button', { type: 'button', class: 'link', 'data-testid': 'verify-resend' }, t('verify.resend'));
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'verify-error', hidden: true });
  const status = h('p', { class: 'form-info', role: 'status', 'data-testid': 'verify-status', hidden: true });

  const fail = (text) => {
    status.hidden = true;
    error.textContent = text;
    error.hidden = false;
  };

  const form = h('form', { class: 'verify-form', 'data-testid': 'verify-form', novalidate: true },
    h('p', { id: `${idPrefix}-hint`, class: 'hint-text' }, t('verify.sent', { email: email ?? '' })),
    h('div', { class: 'field' },
      h('label', { for: code.id }, t('verify.code')),
      code),
    error,
    status,
    h('div', { class: 'verify-buttons' },
      submit,
      resend,
      onLater && h('button', { type: 'button', class: 'ghost', 'data-testid': 'verify-later', onclick: onLater }, t('verify.later'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = code.value.trim();
    if (!/^\d{6}$/.test(value)) {
      fail(t('verify.sixDigits'));
      code.focus();
      return;
    }
    error.hidden = true;
    submit.disabled = true;
    try {
      const me = await social.verifyEmail(value);
      onVerified(me);
    } catch (e) {
      if (e.code === 'ALREADY_VERIFIED') {
        onVerified(await social.loadMe().catch(() => null));
        return;
      }
      fail(errorText(e));
      code.select();
    } finally {
      submit.disabled = false;
    }
  });

  resend.addEventListener('click', async () => {
    resend.disabled = true;
    error.hidden = true;
    try {
      await social.resendCode();
      status.textContent = t('verify.resent', { email: email ?? '' });
      status.hidden = false;
      code.value = '';
      code.focus();
    } catch (e) {
      fail(resendFailure(e));
    } finally {
      resend.disabled = false;
    }
  });

  return { el: form, focus: () => code.focus() };
}
