// Log-in and sign-up forms; after sign-up, the code mailed to the new address; and the password reset (the e-mail,
// then the mailed code with a new password).
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as api from '../api.js';
import { verifyForm } from './verify.js';

function field(id, label, input, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint && h('small', { class: 'hint', id: `${id}-hint` }, hint));
}

function card(root, testid, ...content) {
  root.replaceChildren(h('main', { class: 'auth', 'data-testid': testid },
    h('div', { class: 'auth-card' },
      h('h1', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '모'), t('appName')),
      h('p', { class: 'tagline' }, t('tagline')),
      ...content)));
}

/**
 * Renders the form for mode 'login', 'signup' or 'reset'; onSignedIn(user) once a session exists. notice:
 * {text, info} shown above the form (info: a plain message rather than an error).
 */
export function renderAuth(root, mode, onSignedIn, notice) {
  if (mode === 'reset') {
    renderReset(root);
    return;
  }
  const signup = mode === 'signup';
  const prefix = signup ? 'signup' : 'login';
  const error = h('p', { class: notice?.info ? 'form-info' : 'form-error', role: 'alert', 'data-testid': 'auth-error',
    hidden: !notice?.text }, notice?.text ?? '');
  const email = h('input', { id: `${prefix}-email`, type: 'email', required: true, autocomplete: 'email',
    maxlength: 254, 'data-testid': `${prefix}-email`, value: notice?.email ?? null });
  const password = h('input', { id: `${prefix}-password`, type: 'password', required: true,
    autocomplete: signup ? 'new-password' : 'current-password', minlength: signup ? 8 : null, maxlength: 72,
    'aria-describedby': signup ? `${prefix}-password-hint` : null, 'data-testid': `${prefix}-password` });
  const nickname = signup && h('input', { id: 'signup-nickname', required: true, maxlength: 40, autocomplete: 'nickname',
    'data-testid': 'signup-nickname' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': `${prefix}-submit` },
    t(signup ? 'signup.submit' : 'login.submit'));

  const form = h('form', { class: 'auth-form', novalidate: false, 'aria-labelledby': 'auth-title' },
    h('h2', { id: 'auth-title' }, t(signup ? 'signup.title' : 'login.title')),
    error,
    field(email.id, t('field.email'), email),
    signup && field('signup-nickname', t('field.nickname'), nickname),
    field(password.id, t('field.password'), password, signup && t('signup.passwordHint')),
    submit,
    !signup && h('p', { class: 'switch small-link' }, h('a', { href: '#/reset', 'data-testid': 'to-reset' }, t('login.forgot'))),
    h('p', { class: 'switch' }, h('a', { href: signup ? '#/login' : '#/signup', 'data-testid': signup ? 'to-login' : 'to-signup' },
      t(signup ? 'signup.toLogin' : 'login.toSignup'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    try {
      if (signup) {
        const user = await api.signup(email.value.trim(), password.value, nickname.value.trim());
        renderVerifyStep(root, user, onSignedIn);
        return;
      }
      onSignedIn(await api.login(email.value.trim(), password.value));
    } catch (e) {
      error.className = 'form-error';
      error.textContent = errorText(e);
      error.hidden = false;
      (e.code === 'EMAIL_TAKEN' ? email : password).focus();
    } finally {
      submit.disabled = false;
    }
  });

  card(root, `${prefix}-view`, form);
  (notice?.email ? password : email).focus();
}

/** Signed up (and signed in): the code mailed to the address, which can also wait until later. */
function renderVerifyStep(root, user, onSignedIn) {
  const verify = verifyForm({
    email: user.email,
    onVerified: (me) => onSignedIn(me ?? { ...user, emailVerified: true }),
    onLater: () => onSignedIn(user),
  });
  card(root, 'signup-verify-view',
    h('div', { class: 'auth-form' },
      h('h2', null, t('verify.title')),
      h('p', { class: 'form-info', 'data-testid': 'signup-done' }, t('signup.done')),
      verify.el));
  verify.focus();
}

/** A forgotten password: the e-mail first, then the code mailed to it and the new password. */
function renderReset(root) {
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'reset-error', hidden: true });
  const info = h('p', { class: 'form-info', role: 'status', 'data-testid': 'reset-info', hidden: true });
  const email = h('input', { id: 'reset-email', type: 'email', required: true, autocomplete: 'email', maxlength: 254,
    'data-testid': 'reset-email' });
  const code = h('input', { id: 'reset-code', class: 'code-input', inputmode: 'numeric', autocomplete: 'one-time-code',
    maxlength: 6, required: true, placeholder: '000000', 'data-testid': 'reset-code' });
  const password = h('input', { id: 'reset-password', type: 'password', required: true, autocomplete: 'new-password',
    minlength: 8, maxlength: 72, 'aria-describedby': 'reset-password-hint', 'data-testid': 'reset-password' });
  const ask = h('button', { type: 'submit', class: 'primary', 'data-testid': 'reset-submit' }, t('reset.send'));
  const confirm = h('button', { type: 'submit', class: 'primary', 'data-testid': 'reset-confirm' }, t('reset.confirm'));
  const second = h('div', { class: 'reset-second', hidden: true },
    field(code.id, t('verify.code'), code),
    field(password.id, t('reset.newPassword'), password, t('signup.passwordHint')),
    confirm);
  let asked = false;

  const fail = (e) => {
    error.textContent = typeof e === 'string' ? e : errorText(e);
    error.hidden = false;
  };

  // Checked by hand: the second step's fields are required only once they show.
  const form = h('form', { class: 'auth-form', 'aria-labelledby': 'reset-title', novalidate: true },
    h('h2', { id: 'reset-title' }, t('reset.title')),
    h('p', { class: 'hint-text' }, t('reset.intro')),
    error,
    info,
    field(email.id, t('field.email'), email),
    h('div', { class: 'reset-first' }, ask),
    second,
    h('p', { class: 'switch' }, h('a', { href: '#/login', 'data-testid': 'to-login' }, t('signup.toLogin'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!asked) {
      if (!email.reportValidity()) return;
      ask.disabled = true;
      try {
        await api.requestPasswordReset(email.value.trim());
        asked = true;
        info.textContent = t('reset.sent', { email: email.value.trim() });
        info.hidden = false;
        email.readOnly = true;
        ask.parentElement.hidden = true;
        second.hidden = false;
        code.focus();
      } catch (e) {
        fail(e.code === 'RATE_LIMITED' ? t('verify.resendLater') : e);
      } finally {
        ask.disabled = false;
      }
      return;
    }
    if (!/^\d{6}$/.test(code.value.trim())) {
      fail(t('verify.sixDigits'));
      code.focus();
      return;
    }
    if (!password.reportValidity()) return;
    confirm.disabled = true;
    try {
      await api.confirmPasswordReset(email.value.trim(), code.value.trim(), password.value);
      sessionStorage.setItem('moim.notice', 'notice.passwordReset');
      sessionStorage.setItem('moim.loginEmail', email.value.trim());
      location.hash = '#/login';
    } catch (e) {
      fail(e);
      (e.code === 'VALIDATION_FAILED' && e.fields?.newPassword ? password : code).focus();
    } finally {
      confirm.disabled = false;
    }
  });

  card(root, 'reset-view', form);
  email.focus();
}
