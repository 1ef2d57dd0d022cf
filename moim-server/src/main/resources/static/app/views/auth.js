// Log-in and sign-up forms.
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as api from '../api.js';

function field(id, label, input, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint && h('small', { class: 'hint', id: `${id}-hint` }, hint));
}

/** Renders the form for mode 'login' or 'signup'; onSignedIn(user) once a session exists. */
export function renderAuth(root, mode, onSignedIn, notice) {
  const signup = mode === 'signup';
  const prefix = signup ? 'signup' : 'login';
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'auth-error', hidden: !notice }, notice ?? '');
  const email = h('input', { id: `${prefix}-email`, type: 'email', required: true, autocomplete: 'email',
    maxlength: 254, 'data-testid': `${prefix}-email` });
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
    h('p', { class: 'switch' }, h('a', { href: signup ? '#/login' : '#/signup', 'data-testid': signup ? 'to-login' : 'to-signup' },
      t(signup ? 'signup.toLogin' : 'login.toSignup'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    try {
      const user = signup
        ? await api.signup(email.value.trim(), password.value, nickname.value.trim())
        : await api.login(email.value.trim(), password.value);
      onSignedIn(user);
    } catch (e) {
      error.textContent = errorText(e);
      error.hidden = false;
      (e.code === 'EMAIL_TAKEN' ? email : password).focus();
    } finally {
      submit.disabled = false;
    }
  });

  root.replaceChildren(h('main', { class: 'auth', 'data-testid': `${prefix}-view` },
    h('div', { class: 'auth-card' },
      h('h1', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '모'), t('appName')),
      h('p', { class: 'tagline' }, t('tagline')),
      form)));
  email.focus();
}
