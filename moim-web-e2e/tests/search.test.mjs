// Message search in the web client: Korean words found in one room and in all rooms with the matched words marked,
// a hit opening its room at that message (and the live chat going on from there), edits found by their new text,
// every refusal explained in words, and trending keywords where the server has them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi } from './harness.mjs';
import {
  until, loginViaUi, apiSession, roomItem, messagesWithText, send, shownSeqs, assertNoCspViolations,
} from './ui.mjs';

let server;
let browser;
let minji; // her account; she uses the app in Korean
let bob;
let dave;
let minjiApi;
let bobApi;
let groupId;
let directId;
let page; // Minji's app, on a desktop-sized screen
const seqOf = {}; // message text → its seq

async function post(session, roomId, content) {
  const sent = await session.call('POST', `/rooms/${roomId}/messages`,
    { clientMsgId: `search-${Math.random().toString(36).slice(2)}`, type: 'TEXT', content });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  seqOf[content] = sent.body.seq;
  return sent.body;
}

before(async () => {
  // 100 searches an hour per user, refilled one every 36 s: the tests retry a search until the index has caught up
  // with a commit (a few times at most), and a user who has spent the 100 stays refused long enough to be shown it.
  server = await startServer(['--moim.search.searches-per-user.count=100', '--moim.search.searches-per-user.per=1h']);
  browser = await launchBrowser();
  minji = await signupViaApi(server.baseUrl, '김민지');
  bob = await signupViaApi(server.baseUrl, 'Bob');
  dave = await signupViaApi(server.baseUrl, 'Dave');
  minjiApi = await apiSession(server.baseUrl, minji);
  bobApi = await apiSession(server.baseUrl, bob);
  const group = await minjiApi.call('POST', '/rooms', { type: 'GROUP', name: '주말 모임', memberIds: [bob.id] });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  groupId = group.body.id;
  const direct = await minjiApi.call('POST', '/rooms', { type: 'DIRECT', memberIds: [bob.id] });
  assert.equal(direct.status, 201, JSON.stringify(direct.body));
  directId = direct.body.id;
  await post(bobApi, groupId, '이번 주말 콘서트를 같이 갈 사람?');
  await post(minjiApi, groupId, '어제 콘서트에서 찍은 사진');
  await post(bobApi, directId, '콘서트 티켓 두 장 샀어요');
  await post(bobApi, groupId, '<b>굵게</b> 🎫🎫 포스터 공유');
  // Enough talk after them that the first message is far from the newest: reaching it from a search shows a
  // window in the past, which must meet the live chat again.
  for (let i = 1; i <= 60; i++) await post(i % 2 ? bobApi : minjiApi, groupId, `잡담 ${i}`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const panelOf = (p, scope) => p.locator(`[data-testid="search-panel"][data-scope="${scope}"]`);
const hitTexts = (panel) => panel.getByTestId('search-hit-content').allTextContents();
const markTexts = (panel) => panel.locator('[data-testid="search-hit-content"] mark').allTextContents();

/** Types q and presses Enter, then waits until the answer (hits, nothing, or an error) is on screen. */
async function runSearch(panel, q) {
  const input = panel.getByTestId('search-input');
  await input.fill(q);
  await input.press('Enter');
  await panel.locator('[data-testid="search-results"][aria-busy="false"]').waitFor({ state: 'attached' });
}

/** Searches again until ok(): the index follows commits a moment behind them. */
async function searchUntil(panel, q, ok, what) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await runSearch(panel, q);
    if (await ok()) return;
    if (Date.now() > deadline) assert.fail(`Timed out searching "${q}" for ${what}; hits: ${(await hitTexts(panel)).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

/** The message list shows seqs without gaps or repeats. */
async function assertContiguous(p) {
  const seqs = await shownSeqs(p);
  assert.ok(seqs.length > 0);
  for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `no gap or repeat in ${seqs.join(',')}`);
  return seqs;
}

/** The message at seq lies inside the visible part of the message list. */
const inView = (p, seq) => p.evaluate((s) => {
  const list = document.querySelector('[data-testid="message-list"]');
  const row = list?.querySelector(`[data-seq="${s}"]`);
  if (!row) return false;
  const box = list.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  return r.top >= box.top && r.bottom <= box.bottom;
}, seq);

/**
 * Resolves once the message at seq is highlighted as the one a search led to. The highlight lasts seconds; the
 * page itself watches for it, so a slow poll cannot miss it. Call before clicking.
 */
const highlightOf = (p, seq) => p.evaluate((s) => new Promise((resolve) => {
  const check = () => document.querySelector(`[data-testid="message-list"] [data-seq="${s}"][data-found="true"]`);
  if (check()) { resolve(true); return; }
  new MutationObserver((_, observer) => {
    if (check()) {
      observer.disconnect();
      resolve(true);
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-found'] });
}), seq);

test('searching a room finds a Korean word whatever ending follows it, marked, newest first', async () => {
  ({ page } = await newPerson(browser, 'ko-KR'));
  await loginViaUi(page, server.baseUrl, minji);
  await roomItem(page, groupId).click();
  await messagesWithText(page, '잡담 60').waitFor();
  await page.getByTestId('room-search-button').click();
  const panel = panelOf(page, 'room');
  await panel.waitFor();
  assert.equal(await panel.locator('h3').textContent(), '“주말 모임”에서 검색');

  await searchUntil(panel, '콘서트', async () => (await panel.getByTestId('search-hit').count()) === 2, 'both messages of the group');
  assert.deepEqual(await hitTexts(panel), ['어제 콘서트에서 찍은 사진', '이번 주말 콘서트를 같이 갈 사람?']);
  assert.deepEqual(await markTexts(panel), ['콘서트', '콘서트']);
  // The mark holds the word, and the particle after it stays outside.
  const marked = await panel.getByTestId('search-hit-content').nth(1).evaluate((el) =>
    [...el.childNodes].map((n) => (n.nodeName === 'MARK' ? `[${n.textContent}]` : n.textContent)).join(''));
  assert.equal(marked, '이번 주말 [콘서트]를 같이 갈 사람?');
  assert.deepEqual(await panel.getByTestId('search-hit-sender').allTextContents(), ['김민지', 'Bob']);
  assert.equal(await panel.getByTestId('search-hit-room').count(), 0, 'searching one room names no rooms');
  assert.ok((await panel.getByTestId('search-hit-time').first().textContent()).length > 0);
  assert.equal(await panel.getByTestId('search-status').textContent(), '2개 찾음');
  await screenshot(page, 'search-room');

  // Best match first: the same two messages, asked for again in the other order.
  await panel.getByTestId('search-sort').selectOption('relevance');
  await panel.locator('[data-testid="search-results"][aria-busy="false"]').waitFor({ state: 'attached' });
  assert.deepEqual((await hitTexts(panel)).sort(), ['어제 콘서트에서 찍은 사진', '이번 주말 콘서트를 같이 갈 사람?'].sort());
  await panel.getByTestId('search-sort').selectOption('recent');
  await panel.locator('[data-testid="search-results"][aria-busy="false"]').waitFor({ state: 'attached' });
});

test('a hit opens its message in the history, highlighted, and the chat goes on live from there', async () => {
  const panel = panelOf(page, 'room');
  const target = seqOf['이번 주말 콘서트를 같이 갈 사람?'];
  const hit = panel.getByTestId('search-hit').filter({ hasText: '이번 주말' });

  let highlighted = highlightOf(page, target);
  await hit.click();
  assert.equal(await highlighted, true);
  await until(() => inView(page, target), 'the message scrolled into view');
  // Sixty messages came after it: what is on screen is a window in the past, offering the way back.
  await page.getByTestId('jump-latest-button').waitFor();
  let seqs = await assertContiguous(page);
  assert.ok(!seqs.includes(seqOf['잡담 60']), 'the newest message is not in the window');
  await screenshot(page, 'search-jump');

  // Bob writes meanwhile. The room list shows it at once; the window does not take it out of order.
  await post(bobApi, groupId, '지금 출발해요');
  await until(async () => (await roomItem(page, groupId).getByTestId('room-preview').textContent()) === '지금 출발해요',
    'the preview of the new message');
  assert.equal(await messagesWithText(page, '지금 출발해요').count(), 0);
  await assertContiguous(page);
  await page.getByTestId('jump-latest-button').click();
  await messagesWithText(page, '지금 출발해요').waitFor();
  await page.getByTestId('jump-latest-button').waitFor({ state: 'hidden' });
  seqs = await assertContiguous(page);
  assert.equal(seqs.at(-1), seqOf['지금 출발해요']);
  // Following the room live again.
  await post(bobApi, groupId, '도착하면 연락할게요');
  await messagesWithText(page, '도착하면 연락할게요').waitFor();

  // Again, now reading down page by page until the window meets the newest message.
  highlighted = highlightOf(page, target);
  await hit.click();
  assert.equal(await highlighted, true);
  await until(() => inView(page, target), 'the message scrolled into view again');
  assert.equal(await messagesWithText(page, '도착하면 연락할게요').count(), 0);
  await until(async () => {
    const more = page.getByTestId('load-newer');
    if ((await more.count()) === 0) return true;
    await more.click({ timeout: 2000 }).catch(() => {});
    return false;
  }, 'later pages to reach the newest message');
  await page.getByTestId('jump-latest-button').waitFor({ state: 'hidden' });
  seqs = await assertContiguous(page);
  assert.ok(seqs.includes(target), 'read down from the hit');
  assert.equal(seqs.at(-1), seqOf['도착하면 연락할게요']);
  await post(bobApi, groupId, '버스 놓쳤어요 ㅠㅠ');
  await messagesWithText(page, '버스 놓쳤어요 ㅠㅠ').waitFor();
  await assertContiguous(page);

  // Now everything from the hit on is held, so going to it again loads nothing and stays live.
  highlighted = highlightOf(page, target);
  await hit.click();
  assert.equal(await highlighted, true);
  await until(() => inView(page, target), 'the message scrolled into view once more');
  assert.equal(await page.getByTestId('jump-latest-button').isVisible(), false);

  // After a reload only the newest page is held. Sending from a window in the past puts the message at the end
  // of the conversation.
  await page.reload();
  await messagesWithText(page, '버스 놓쳤어요 ㅠㅠ').waitFor();
  await page.getByTestId('room-search-button').click();
  await runSearch(panel, '콘서트');
  highlighted = highlightOf(page, target);
  await hit.click();
  assert.equal(await highlighted, true);
  await page.getByTestId('jump-latest-button').waitFor();
  await send(page, '저도 갈래요!');
  await messagesWithText(page, '저도 갈래요!').waitFor();
  await page.getByTestId('jump-latest-button').waitFor({ state: 'hidden' });
  seqs = await assertContiguous(page);
  assert.ok(seqs.includes(seqOf['버스 놓쳤어요 ㅠㅠ']));
  assert.equal(await page.getByTestId('message-pending').count(), 0);
  await page.getByTestId('search-close').click();
  await panel.waitFor({ state: 'detached' });
});

test('searching all rooms names the room of each hit, and a hit in another room opens it there', async () => {
  await page.getByTestId('open-search-button').click();
  const panel = panelOf(page, 'all');
  await panel.waitFor();
  assert.equal(await panel.locator('h3').textContent(), '모든 대화방에서 검색');
  await searchUntil(panel, '콘서트', async () => (await panel.getByTestId('search-hit').count()) === 3, 'the three messages');
  assert.deepEqual(await hitTexts(panel), ['콘서트 티켓 두 장 샀어요', '어제 콘서트에서 찍은 사진', '이번 주말 콘서트를 같이 갈 사람?']);
  assert.deepEqual(await panel.getByTestId('search-hit-room').allTextContents(), ['Bob', '주말 모임', '주말 모임']);
  // A one-to-one chat is named after Bob already: his name is not said twice.
  assert.deepEqual(await panel.getByTestId('search-hit-sender').allTextContents(), ['김민지', 'Bob']);
  assert.deepEqual(await markTexts(panel), ['콘서트', '콘서트', '콘서트']);
  assert.equal(await page.getByTestId('room-list').isVisible(), false, 'the search takes the room list\'s place');

  const target = seqOf['콘서트 티켓 두 장 샀어요'];
  const highlighted = highlightOf(page, target);
  await panel.getByTestId('search-hit').filter({ hasText: '티켓' }).click();
  assert.equal(await highlighted, true);
  assert.match(page.url(), new RegExp(`#/rooms/${directId}$`));
  assert.equal(await page.getByTestId('chat-title').textContent(), 'Bob');
  await until(() => inView(page, target), 'the message in view');
  assert.equal(await panel.isVisible(), true, 'the results stay while chats are opened from them');
  await screenshot(page, 'search-all');
});

test('an edited message is found by its new text and no longer by its old one', async () => {
  const panel = panelOf(page, 'all');
  const edited = await minjiApi.call('PATCH', `/rooms/${groupId}/messages/${seqOf['어제 콘서트에서 찍은 사진']}`,
    { content: '어제 공연장에서 찍은 사진' });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  await searchUntil(panel, '공연장', async () => (await hitTexts(panel)).join('|') === '어제 공연장에서 찍은 사진', 'the new text');
  assert.deepEqual(await markTexts(panel), ['공연장']);
  await searchUntil(panel, '콘서트', async () => (await panel.getByTestId('search-hit').count()) === 2, 'the old text gone');
  assert.ok(!(await hitTexts(panel)).some((text) => text.includes('어제')));
});

test('no hits says so; text that looks like HTML stays text, and marks sit right after emoji', async () => {
  const panel = panelOf(page, 'all');
  await runSearch(panel, '스키장');
  const none = panel.getByTestId('search-no-results');
  await none.waitFor();
  assert.equal(await none.textContent(), '“스키장”에 대한 검색 결과가 없습니다.');
  assert.equal(await panel.getByTestId('search-hit').count(), 0);

  await searchUntil(panel, '포스터', async () => (await panel.getByTestId('search-hit').count()) === 1, 'the poster message');
  assert.equal(await none.isVisible(), false);
  const content = panel.getByTestId('search-hit-content');
  assert.equal(await content.textContent(), '<b>굵게</b> 🎫🎫 포스터 공유');
  assert.equal(await content.locator('b').count(), 0, 'the content was never parsed as HTML');
  // The offsets count UTF-16 units, as JavaScript does: two emoji before the word do not shift the mark.
  assert.deepEqual(await markTexts(panel), ['포스터']);

  // An empty search is not sent; it asks for words.
  await runSearch(panel, '   ');
  assert.equal(await panel.getByTestId('search-error').textContent(), '검색할 단어를 입력하세요.');
});

test('"more" brings the next page of hits until there are no more', async () => {
  const panel = panelOf(page, 'all');
  await searchUntil(panel, '잡담', async () => (await panel.getByTestId('search-hit').count()) === 20, 'the first page');
  assert.equal(await panel.getByTestId('search-status').textContent(), '20개 이상 찾음');
  const more = panel.getByTestId('search-more');
  await more.click();
  await until(async () => (await panel.getByTestId('search-hit').count()) === 40, 'the second page');
  await more.click();
  await until(async () => (await panel.getByTestId('search-hit').count()) === 60, 'the third page');
  await panel.locator('[data-testid="search-results"][aria-busy="false"]').waitFor({ state: 'attached' });
  assert.equal(await more.isVisible(), false, 'no more after the last page');
  assert.equal(await panel.getByTestId('search-status').textContent(), '60개 찾음');
  const texts = await hitTexts(panel);
  assert.equal(new Set(texts).size, 60, 'no hit twice');
  assert.deepEqual(texts.slice(0, 2), ['잡담 60', '잡담 59'], 'newest first');
});

test('a search is refused in words: empty, too long, too often, search unavailable', async () => {
  const { page: davePage, context } = await newPerson(browser, 'en-US');
  const asked = [];
  davePage.on('request', (r) => { if (/\/search\/messages|\/messages\/search/.test(r.url())) asked.push(r.url()); });
  await loginViaUi(davePage, server.baseUrl, dave);
  await davePage.getByTestId('open-search-button').click();
  const panel = panelOf(davePage, 'all');
  const error = panel.getByTestId('search-error');

  await runSearch(panel, '  ');
  assert.equal(await error.textContent(), 'Type a word to search for.');
  await runSearch(panel, '가'.repeat(101));
  assert.equal(await error.textContent(), 'Searches can be at most 100 characters; this one has 101.');
  assert.equal(await panel.getByTestId('search-input').getAttribute('aria-describedby'), await error.getAttribute('id'));
  assert.deepEqual(asked, [], 'neither was sent');

  await runSearch(panel, '없는말');
  assert.equal(await error.isVisible(), false);
  await panel.getByTestId('search-no-results').waitFor();

  // Dave spends his searches over the API, then searches in the app: the server's RATE_LIMITED, in words.
  const daveApi = await apiSession(server.baseUrl, dave);
  let refused = null;
  for (let i = 0; i < 150 && !refused; i++) {
    const r = await daveApi.call('GET', `/search/messages?q=${encodeURIComponent('아무거나')}`);
    if (r.status === 429) refused = r.body;
    else assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  assert.equal(refused?.code, 'RATE_LIMITED');
  await runSearch(panel, '콘서트');
  assert.equal(await error.textContent(), 'You are searching too often. Wait a minute and try again.');
  assert.equal(await panel.getByTestId('search-no-results').isVisible(), false, 'a refusal is not "no results"');

  // The search engine is down: the server answers 503 SERVER_BUSY (played here, the real engine being up).
  await davePage.route(/\/api\/v1\/search\/messages\?/, (route) => route.fulfill({
    status: 503, contentType: 'application/problem+json',
    body: JSON.stringify({ status: 503, title: 'Service Unavailable', code: 'SERVER_BUSY',
      detail: 'Search is unavailable right now; try again shortly' }),
  }));
  await runSearch(panel, '콘서트');
  assert.equal(await error.textContent(), 'Search is not available right now. Please try again shortly.');
  assert.equal(await davePage.getByTestId('error-banner').isVisible(), false, 'said in the panel, not as a banner');
  await context.close();
});

test('trending keywords show where the server has them, and choosing one searches for it', async () => {
  await page.getByTestId('search-close').click();
  await panelOf(page, 'all').waitFor({ state: 'detached' });

  // A server without trending keywords (404): the section stays hidden, and nothing is said about it.
  await page.route(/\/api\/v1\/search\/trending\?/, (route) => route.fulfill({
    status: 404, contentType: 'application/problem+json',
    body: JSON.stringify({ status: 404, title: 'Not Found', code: 'NOT_FOUND', detail: 'No such resource' }),
  }));
  await page.getByTestId('open-search-button').click();
  let panel = panelOf(page, 'all');
  await panel.locator('[data-testid="trending-panel"][data-state="unavailable"]').waitFor({ state: 'attached' });
  assert.equal(await panel.getByTestId('trending-panel').isVisible(), false);
  assert.equal(await page.getByTestId('error-banner').isVisible(), false);
  await page.unroute(/\/api\/v1\/search\/trending\?/);
  await page.getByTestId('search-close').click();

  // A server with them (the answer GET /api/v1/search/trending gives).
  const windows = [];
  await page.route(/\/api\/v1\/search\/trending\?/, (route) => {
    const window = new URL(route.request().url()).searchParams.get('window');
    windows.push(window);
    return route.fulfill({ status: 200, contentType: 'application/json',
      body: JSON.stringify({ window, keywords: window === 'hour'
        ? [{ keyword: '콘서트', users: 3 }, { keyword: '사진', users: 2 }]
        : [{ keyword: '주말', users: 5 }] }) });
  });
  await page.getByTestId('open-search-button').click();
  panel = panelOf(page, 'all');
  const trending = panel.getByTestId('trending-panel');
  await panel.locator('[data-testid="trending-panel"][data-state="shown"]').waitFor();
  assert.deepEqual(await trending.getByTestId('trending-keyword').evaluateAll((els) => els.map((e) => e.dataset.keyword)), ['콘서트', '사진']);
  await trending.getByTestId('trending-window-day').click();
  await until(async () => (await trending.getByTestId('trending-keyword').evaluateAll((els) => els.map((e) => e.dataset.keyword))).join() === '주말',
    'the keywords of the past day');
  assert.deepEqual(windows, ['hour', 'day']);
  await trending.getByTestId('trending-window-hour').click();
  await until(async () => (await trending.getByTestId('trending-keyword').count()) === 2, 'the past hour again');
  await screenshot(page, 'search-trending');

  await trending.getByTestId('trending-keyword').filter({ hasText: '콘서트' }).click();
  await panel.locator('[data-testid="search-results"][aria-busy="false"]').waitFor({ state: 'attached' });
  assert.equal(await panel.getByTestId('search-input').inputValue(), '콘서트');
  assert.deepEqual(await hitTexts(panel), ['콘서트 티켓 두 장 샀어요', '이번 주말 콘서트를 같이 갈 사람?']);
  await page.unroute(/\/api\/v1\/search\/trending\?/);
});

test('on a phone, all-rooms search fills the screen, a hit opens the chat, and back returns to the results', async () => {
  const phone = await newPerson(browser, 'ko-KR', { width: 390, height: 844 });
  await loginViaUi(phone.page, server.baseUrl, minji);
  await phone.page.getByTestId('open-search-button').click();
  const panel = panelOf(phone.page, 'all');
  await runSearch(panel, '콘서트');
  assert.equal(await panel.getByTestId('search-hit').count(), 2);
  await screenshot(phone.page, 'search-mobile-ko');
  const target = seqOf['이번 주말 콘서트를 같이 갈 사람?'];
  const highlighted = highlightOf(phone.page, target);
  await panel.getByTestId('search-hit').filter({ hasText: '이번 주말' }).click();
  assert.equal(await highlighted, true);
  await until(() => inView(phone.page, target), 'the message in view on the phone');
  assert.equal(await panel.isVisible(), false, 'the chat, not the list, on a phone');
  await phone.page.getByTestId('back-button').click();
  await panel.waitFor();
  assert.equal(await panel.getByTestId('search-hit').count(), 2, 'the results are still there');
  await phone.context.close();
});

test('the marks trust only sensible ranges, long texts are cut around the first one, catch-up starts at a gap', async () => {
  const result = await page.evaluate(async () => {
    const { highlighted } = await import('/app/views/text.js');
    const { lastHeldSeq } = await import('/app/store.js');
    const h = (tag, props, ...children) => {
      const el = document.createElement(tag);
      el.append(...children);
      return el;
    };
    const shown = (parts) => parts.map((p) => (typeof p === 'string' ? p : `[${p.textContent}]`)).join('');
    const run = (...seqs) => ({ messages: new Map(seqs.map((seq) => [seq, { seq }])) });
    const long = `${'가나다 '.repeat(40)}😀콘서트 끝${' 라마바'.repeat(40)}`;
    const at = long.indexOf('콘서트');
    return {
      bad: shown(highlighted('콘서트를 보자', [[2, 1], [-1, 2], [0, 99], [0.5, 2], 'x', [0, 3, 4], [5, 7], [6, 7]], h)),
      none: shown(highlighted('콘서트', null, h)),
      long: shown(highlighted(long, [[at, at + 3]], h)),
      // Cut at 60 and at 10 by width alone: both fall between the two halves of an emoji.
      cutBefore: shown(highlighted(`${'a'.repeat(50)}${'😀'.repeat(20)}b콘서트${'c'.repeat(50)}`, [[91, 94]], h, 40)),
      cutAfter: shown(highlighted(`콘서트${'😀'.repeat(30)}`, [[0, 3]], h, 10)),
      gap: lastHeldSeq(run(3, 4, 5, 7, 8)),
      whole: lastHeldSeq(run(1, 2, 3)),
      empty: lastHeldSeq(run()),
    };
  });
  assert.equal(result.bad, '콘서트를 [보자]', 'only [5, 7) is whole and in range; [6, 7) overlaps it');
  assert.equal(result.none, '콘서트');
  assert.match(result.long, /^…[가나다 ]+😀\[콘서트\] 끝[ 라마바]+…$/);
  assert.ok(result.long.length < 200, `cut to a snippet: ${result.long}`);
  assert.equal(result.cutBefore, `…${'😀'.repeat(15)}b[콘서트]${'c'.repeat(7)}…`);
  assert.equal(result.cutAfter, `[콘서트]${'😀'.repeat(4)}…`);
  assert.ok(result.cutBefore.isWellFormed() && result.cutAfter.isWellFormed(), 'no emoji cut in half');
  assert.deepEqual([result.gap, result.whole, result.empty], [5, 3, 0]);
});

test('no page broke the Content-Security-Policy', () => {
  assertNoCspViolations();
});
