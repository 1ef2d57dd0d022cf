// The REST client: JSON over /api/v1 with a short-lived access token kept in memory and the refresh token in
// localStorage, so a reload keeps the session. Every failure becomes an ApiError carrying the server's code.

const REFRESH_KEY = 'moim.refreshToken';
const USER_KEY = 'moim.user';

export class ApiError extends Error {
  constructor(status, code, detail, fields) {
    super(detail || code);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

let access = null; // { token, expiresAt (ms) }
let refreshing = null; // the refresh in flight, shared by everyone who needs a token meanwhile
let refreshTimer = null;
let withdrawn = false; // this tab deleted the account: it leaves by itself, without the "signed out" notice
const listeners = { refreshed: [], signedOut: [] };

/** on('refreshed', fn) after every new access token; on('signedOut', fn(code)) when the session is gone. */
export function on(event, fn) {
  listeners[event].push(fn);
}

function emit(event, arg) {
  for (const fn of listeners[event]) fn(arg);
}

export const hasSession = () => !!localStorage.getItem(REFRESH_KEY);
export const storedUser = () => JSON.parse(localStorage.getItem(USER_KEY) || 'null');

function keep(session) {
  localStorage.setItem(REFRESH_KEY, session.refreshToken);
  localStorage.setItem(USER_KEY, JSON.stringify(session.user));
  access = { token: session.accessToken, expiresAt: Date.now() + session.expiresIn * 1000, lifetime: session.expiresIn * 1000 };
  scheduleRefresh(session.expiresIn);
}

function forget() {
  localStorage.removeItem(REFRESH_KEY);
  localStorage.removeItem(USER_KEY);
  access = null;
  clearTimeout(refreshTimer);
}

// Refresh a minute before the token runs out (or at three quarters of a short lifetime), so that neither
// REST nor the socket ever meets an expired token in normal use.
function scheduleRefresh(expiresIn) {
  clearTimeout(refreshTimer);
  const delay = expiresIn > 120 ? (expiresIn - 60) * 1000 : expiresIn * 750;
  refreshTimer = setTimeout(() => refresh().catch(() => {}), Math.max(delay, 1000));
}

async function send(method, path, body, token, extra = {}) {
  const headers = { Accept: 'application/json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e.message);
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const code = data?.code ?? (res.status >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN');
    throw new ApiError(res.status, code, data?.detail, data?.fields);
  }
  return data;
}

/**
 * Trades the stored refresh token for a new pair. The server spends a refresh token on use and revokes the
 * session if one is presented twice, so only one refresh runs at a time — across tabs too, through a Web Lock
 * (the token is re-read inside the lock, so a tab that lost the race uses the token the winner stored).
 */
export function refresh() {
  if (!refreshing) {
    const run = async () => {
      const token = localStorage.getItem(REFRESH_KEY);
      if (!token) {
        // Another tab logged out (the tabs share the stored token): this one is signed out too.
        forget();
        if (!withdrawn) emit('signedOut', 'SESSION_REVOKED');
        throw new ApiError(401, 'SESSION_REVOKED', 'No session');
      }
      try {
        const session = await send('POST', '/auth/refresh', { refreshToken: token });
        keep(session);
        return session;
      } catch (e) {
        if (e.code === 'REFRESH_TOKEN_INVALID' || e.code === 'REFRESH_TOKEN_REUSED') {
          forget();
          emit('signedOut', e.code);
        } else if (e.code === 'NETWORK' || e.status >= 500) {
          // Offline or the server is restarting: try again soon; the session is still good.
          clearTimeout(refreshTimer);
          refreshTimer = setTimeout(() => refresh().catch(() => {}), 10_000);
        }
        throw e;
      }
    };
    const locked = underSessionLock(run);
    refreshing = locked.then((session) => {
      emit('refreshed', session);
      return session;
    }).finally(() => { refreshing = null; });
  }
  return refreshing;
}

/**
 * Runs fn while no tab of this browser can refresh: the lock every refresh takes. A password change or a withdrawal
 * ends every session of the account, this one's too, so refreshes must wait until the new session (or none) is
 * stored; a refresh that went first would present a revoked token and sign the tab out.
 */
function underSessionLock(fn) {
  return navigator.locks ? navigator.locks.request('moim-refresh', fn) : fn();
}

/** A usable access token, refreshing first when it is missing or about to run out. */
export async function accessToken() {
  // "About to run out": within 15 s, or within a fifth of the lifetime for servers configured with short tokens.
  if (access && access.expiresAt - Date.now() > Math.min(15_000, access.lifetime / 5)) return access.token;
  await refresh();
  return access.token;
}

/** Makes the next accessToken() refresh (the server said the token expired, whatever our clock thinks). */
export function invalidateAccess() {
  access = null;
}

/**
 * An authenticated call; a 401 TOKEN_EXPIRED refreshes the token and tries once more (with the same headers, so an
 * Idempotency-Key keeps the retry from doing anything twice).
 */
export async function api(method, path, body, headers = {}) {
  try {
    return await send(method, path, body, await accessToken(), headers);
  } catch (e) {
    // SESSION_REVOKED too: the refresh it triggers is refused, which signs this tab out.
    if (e.status === 401 && ['TOKEN_EXPIRED', 'UNAUTHENTICATED', 'SESSION_REVOKED'].includes(e.code) && hasSession()) {
      invalidateAccess();
      return send(method, path, body, await accessToken(), headers);
    }
    throw e;
  }
}

/** The ApiError for a refused response: the problem+json's code, or one made from the status. */
export async function problemOf(res) {
  const data = await res.json().catch(() => null);
  const code = data?.code ?? (res.status >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN');
  return new ApiError(res.status, code, data?.detail, data?.fields);
}

const retryable401 = (e) => e.status === 401 && ['TOKEN_EXPIRED', 'UNAUTHENTICATED', 'SESSION_REVOKED'].includes(e.code)
  && hasSession();

/**
 * An authenticated call whose body or answer is bytes (photos, files, profile pictures): resolves with the Response
 * once it is ok, so the caller reads it as a Blob. `body` is sent as it is (a Blob or File).
 */
export async function raw(method, path, { body, headers = {}, signal } = {}) {
  const once = async (token) => {
    let res;
    try {
      res = await fetch(`/api/v1${path}`, { method, body, signal, headers: { ...headers, Authorization: `Bearer ${token}` } });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, 'NETWORK', e.message);
    }
    if (!res.ok) throw await problemOf(res);
    return res;
  };
  try {
    return await once(await accessToken());
  } catch (e) {
    if (!retryable401(e)) throw e;
    invalidateAccess();
    return once(await accessToken());
  }
}

/**
 * Sends `body` (a File) with XMLHttpRequest, the one browser API that reports upload progress:
 * onProgress(loaded, total) as bytes go out. Resolves with {status, data} for a 2xx answer and rejects with an
 * ApiError otherwise (code 'ABORTED' when abort() on the returned handle stopped it). An expired token is
 * refreshed and the upload tried once more (the caller's Idempotency-Key makes that safe).
 */
export function upload(path, body, { headers = {}, onProgress } = {}) {
  let xhr = null;
  let aborted = false;
  const once = (token) => new Promise((resolve, reject) => {
    xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : body.size);
    xhr.onload = () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve({ status: xhr.status, data });
      else {
        const code = data?.code ?? (xhr.status >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN');
        reject(new ApiError(xhr.status, code, data?.detail, data?.fields));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The upload did not reach the server'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'Cancelled'));
    xhr.send(body);
  });
  const done = (async () => {
    const token = await accessToken();
    if (aborted) throw new ApiError(0, 'ABORTED', 'Cancelled');
    try {
      return await once(token);
    } catch (e) {
      if (aborted || !retryable401(e)) throw e;
      invalidateAccess();
      const fresh = await accessToken();
      if (aborted) throw new ApiError(0, 'ABORTED', 'Cancelled');
      return once(fresh);
    }
  })();
  return {
    done,
    abort() {
      aborted = true;
      xhr?.abort();
    },
  };
}

export async function login(email, password) {
  const session = await send('POST', '/auth/login', { email, password });
  keep(session);
  return session.user;
}

export async function signup(email, password, nickname) {
  await send('POST', '/auth/signup', { email, password, nickname });
  return login(email, password);
}

/** Keeps the account as the server last described it (e.g. once its e-mail is verified), for the next reload. */
export function rememberUser(user) {
  if (hasSession()) localStorage.setItem(USER_KEY, JSON.stringify(user));
}

/** Mails a password-reset code to email if it has an account (the server answers the same either way). */
export const requestPasswordReset = (email) => send('POST', '/auth/password-reset', { email });

/** Sets a new password with the mailed code; every session of the account ends, so log in afterwards. */
export const confirmPasswordReset = (email, code, newPassword) =>
  send('POST', '/auth/password-reset/confirm', { email, code, newPassword });

/**
 * Changes the password. The server ends every session of the account, this one too, and answers with a new session
 * for this device: it is stored before any tab may refresh again, and 'refreshed' makes the socket reconnect with it.
 */
export async function changePassword(currentPassword, newPassword) {
  const token = await accessToken(); // taken before the lock: a refresh needs the lock too
  const session = await underSessionLock(async () => {
    const fresh = await send('POST', '/users/me/password', { currentPassword, newPassword }, token);
    keep(fresh);
    return fresh;
  });
  emit('refreshed', session);
  return session.user;
}

/** Deletes the account (confirmed with its password). Afterwards there is no session left, here or anywhere. */
export async function withdraw(password) {
  const token = await accessToken();
  await underSessionLock(async () => {
    await send('DELETE', '/users/me', { password }, token);
    withdrawn = true;
    forget();
  });
}

/** Revokes the session on the server (best effort: logging out offline still forgets it here). */
export async function logout() {
  const token = localStorage.getItem(REFRESH_KEY);
  forget();
  if (token) await send('POST', '/auth/logout', { refreshToken: token }).catch(() => {});
}
