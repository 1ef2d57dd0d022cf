// Inside the room: two people reply to each other's messages (the quote follows its original live), react with
// emojis (counts live for both, one's own highlighted, also after a reload), and pin a notice that the other sees at
// once; a plain member of a group is not offered the pin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi } from './harness.mjs';
import { until, loginViaUi, messagesWithText, send, apiSession, assertNoCspViolations } from './ui.mjs';

let server;
let browser;
let alice; // en-US, the group's owner
let bob; // ko-KR, a plain member
let aliceAccount;
let bobAccount;
let carolApi;
let groupId;

const inRoom = () => `${server.baseUrl}/#/rooms/${groupId}`;
const row = (page, seq) => page.locator(`[data-testid="message"][data-seq="${seq}"]`);
const chip = (page, seq, emoji) => row(page, seq).locator(`[data-testid="reaction-chip"][data-emoji="${emoji}"]`);
const chipState = async (page, seq, emoji) => {
  const c = chip(page, seq, emoji);
  if ((await c.count()) === 0) return 'none';
  return `${await c.getAttribute('data-count')}${(await c.getAttribute('data-mine')) === 'true' ? ' mine' : ''}`;
};
const seqOf = async (locator) => Number(await locator.getAttribute('data-seq'));

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  aliceAccount = await signupViaApi(server.baseUrl, 'Alice');
  bobAccount = await signupViaApi(server.baseUrl, 'Bob');
  const carol = await signupViaApi(server.baseUrl, 'Carol');
  const aliceApi = await apiSession(server.baseUrl, aliceAccount);
  const created = await aliceApi.call('POST', '/rooms',
    { type: 'GROUP', name: 'Hiking club', memberIds: [bobAccount.id, carol.id] });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  groupId = created.body.id;
  carolApi = await apiSession(server.baseUrl, carol);
  alice = await newPerson(browser, 'en-US');
  bob = await newPerson(browser, 'ko-KR');
  await loginViaUi(alice.page, server.baseUrl, aliceAccount);
  await loginViaUi(bob.page, server.baseUrl, bobAccount);
  await alice.page.goto(inRoom());
  await bob.page.goto(inRoom());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a reply carries its quote, live for the other; the quote follows its original when it is edited and deleted', async () => {
  await send(alice.page, 'Saturday, 9 am at the trailhead?');
  const original = messagesWithText(bob.page, 'Saturday, 9 am at the trailhead?');
  await original.waitFor();
  const originalSeq = await seqOf(original);

  // Bob answers it: "Reply" in the message's buttons puts the quote above his composer, ✕ takes it away again.
  await original.getByTestId('message-content').hover();
  await original.getByTestId('message-reply').click();
  const preview = bob.page.getByTestId('reply-preview');
  await preview.waitFor();
  assert.equal(await preview.getByTestId('reply-preview-sender').textContent(), 'Alice님에게 답장');
  assert.equal(await preview.getByTestId('reply-preview-text').textContent(), 'Saturday, 9 am at the trailhead?');
  await preview.getByTestId('reply-cancel').click();
  await preview.waitFor({ state: 'hidden' });

  // By keyboard this time: the bubble takes focus, Tab reaches "Reply" (it is not Bob's message: no edit first).
  await original.getByTestId('message-content').focus();
  await bob.page.keyboard.press('Tab');
  assert.equal(await bob.page.evaluate(() => document.activeElement.dataset.testid), 'message-reply');
  await bob.page.keyboard.press('Enter');
  await preview.waitFor();
  assert.equal(await bob.page.evaluate(() => document.activeElement.dataset.testid), 'composer', 'the composer takes the focus');
  await send(bob.page, '9시 좋아요, 저도 갈게요');
  await preview.waitFor({ state: 'hidden' });

  // Alice sees his reply live, its quote above its text.
  const reply = alice.page.locator('[data-testid="message"]').filter({ has: alice.page.getByTestId('reply-quote') });
  await reply.waitFor();
  const replySeq = await seqOf(reply);
  assert.ok(replySeq > originalSeq);
  const quote = (page) => row(page, replySeq).getByTestId('reply-quote');
  assert.equal(await quote(alice.page).getAttribute('data-reply-seq'), String(originalSeq));
  assert.equal(await quote(alice.page).getByTestId('reply-quote-sender').textContent(), 'Alice');
  assert.equal(await quote(alice.page).getByTestId('reply-quote-text').textContent(), 'Saturday, 9 am at the trailhead?');
  assert.match(await row(alice.page, replySeq).getByTestId('message-content').textContent(), /9시 좋아요, 저도 갈게요$/);
  await until(async () => (await quote(bob.page).count()) === 1, "the quote on Bob's own reply");

  // Alice edits her original: the quote on both screens shows the new words, without a reload.
  const hers = row(alice.page, originalSeq);
  await hers.getByTestId('message-content').hover();
  await hers.getByTestId('message-edit').click();
  await alice.page.getByTestId('edit-input').fill('Saturday, 8 am at the trailhead!');
  await alice.page.getByTestId('edit-input').press('Enter');
  for (const page of [alice.page, bob.page]) {
    await until(async () => (await quote(page).getByTestId('reply-quote-text').textContent()) === 'Saturday, 8 am at the trailhead!',
      'the quote showing the edit');
  }

  // ...and deletes it: the quote says so, live, in each language.
  await hers.getByTestId('message-content').hover();
  await hers.getByTestId('message-delete').click();
  await hers.getByTestId('message-delete').click();
  await until(async () => (await quote(bob.page).getAttribute('data-deleted')) === 'true', "Bob's quote marked deleted");
  assert.equal(await quote(bob.page).getByTestId('reply-quote-text').textContent(), '삭제된 메시지');
  await until(async () => (await quote(alice.page).getByTestId('reply-quote-text').textContent()) === 'Deleted message',
    "Alice's quote marked deleted");
  assert.equal(await quote(alice.page).getByTestId('reply-quote-sender').count(), 0);
  assert.match(await row(alice.page, replySeq).getByTestId('message-content').textContent(), /9시 좋아요/, 'the reply stays');
});

test('clicking a quote goes to its original, loading the history it is in', async () => {
  const first = await carolApi.call('POST', `/rooms/${groupId}/messages`,
    { clientMsgId: `c-${Date.now()}`, content: 'Who brings the map?' });
  assert.equal(first.status, 201);
  // More than a page of messages in between: the original is not on Alice's screen.
  for (let i = 1; i <= 60; i++) {
    const r = await carolApi.call('POST', `/rooms/${groupId}/messages`, { clientMsgId: `f-${Date.now()}-${i}`, content: `filler ${i}` });
    assert.equal(r.status, 201);
  }
  const answer = await carolApi.call('POST', `/rooms/${groupId}/messages`,
    { clientMsgId: `a-${Date.now()}`, content: 'I will, if nobody else does', replyToSeq: first.body.seq });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));

  await alice.page.reload();
  await row(alice.page, answer.body.seq).waitFor();
  assert.equal(await row(alice.page, first.body.seq).count(), 0, 'the original is not loaded yet');
  await row(alice.page, answer.body.seq).getByTestId('reply-quote').click();
  const target = row(alice.page, first.body.seq);
  await target.waitFor();
  await until(async () => (await target.getAttribute('data-found')) === 'true', 'the original ringed');
  assert.ok(await target.isVisible());
  // Back to the newest messages (unless the window reaches them already).
  if (await alice.page.getByTestId('jump-latest-button').isVisible()) await alice.page.getByTestId('jump-latest-button').click();
  await row(alice.page, answer.body.seq).waitFor();
});

test('reactions: both toggle, counts are live for both, and my own stay highlighted after a reload', async () => {
  const target = messagesWithText(alice.page, 'I will, if nobody else does');
  const seq = await seqOf(target);
  await messagesWithText(bob.page, 'I will, if nobody else does').waitFor();

  // Alice picks 👍 from the message's picker.
  await target.getByTestId('message-content').hover();
  await target.getByTestId('message-react').click();
  const options = target.getByTestId('reaction-option');
  await until(async () => (await options.count()) === 6, 'the six emojis of the server');
  assert.deepEqual(await options.evaluateAll((els) => els.map((e) => e.dataset.emoji)), ['👍', '❤️', '😂', '😮', '😢', '🙏']);
  await target.locator('[data-testid="reaction-option"][data-emoji="👍"]').click();
  await target.getByTestId('reaction-picker').waitFor({ state: 'detached' });
  await until(async () => (await chipState(alice.page, seq, '👍')) === '1 mine', "Alice's own 👍");
  await until(async () => (await chipState(bob.page, seq, '👍')) === '1', "Alice's 👍 on Bob's screen");

  // Bob adds his by clicking the chip, and a ❤️ from the picker, by keyboard (Escape closes it first once).
  await chip(bob.page, seq, '👍').click();
  await until(async () => (await chipState(bob.page, seq, '👍')) === '2 mine', "Bob's 👍");
  await until(async () => (await chipState(alice.page, seq, '👍')) === '2 mine', 'the count on Alice’s screen');
  const bobsRow = row(bob.page, seq);
  await bobsRow.getByTestId('message-content').hover();
  await bobsRow.getByTestId('message-react').click();
  await bobsRow.getByTestId('reaction-picker').waitFor();
  await bob.page.keyboard.press('Escape');
  await bobsRow.getByTestId('reaction-picker').waitFor({ state: 'detached' });
  await bobsRow.getByTestId('message-content').hover();
  await bobsRow.getByTestId('message-react').click();
  await bobsRow.locator('[data-testid="reaction-option"][data-emoji="❤️"]').click();
  await until(async () => (await chipState(alice.page, seq, '❤️')) === '1', "Bob's ❤️ on Alice's screen");
  assert.equal(await chipState(bob.page, seq, '❤️'), '1 mine');

  // Who reacted, on demand.
  await chip(alice.page, seq, '👍').hover();
  const who = row(alice.page, seq).getByTestId('reaction-who');
  await until(async () => (await who.textContent().catch(() => '')).includes('👍 Me, Bob'), 'who reacted with 👍');
  assert.match(await who.textContent(), /❤️ Bob/);
  await screenshot(alice.page, 'inroom-reply-reactions');

  // Alice takes hers back: one left, Bob's, still his.
  await chip(alice.page, seq, '👍').click();
  await until(async () => (await chipState(alice.page, seq, '👍')) === '1', 'Alice’s 👍 taken back');
  await until(async () => (await chipState(bob.page, seq, '👍')) === '1 mine', 'the count on Bob’s screen');

  // After a reload Bob's own reactions are still his (history's myReactions; before the server sent it, the client
  // learnt them from GET …/reactions).
  await bob.page.reload();
  await row(bob.page, seq).waitFor();
  await until(async () => (await chipState(bob.page, seq, '👍')) === '1 mine', "Bob's 👍 after a reload");
  assert.equal(await chipState(bob.page, seq, '❤️'), '1 mine');
  assert.equal(await chipState(bob.page, seq, '😂'), 'none');
});

test('a notice pinned by the owner shows live for the other; a plain member is not offered the pin; unpinned, it goes', async () => {
  await send(alice.page, 'Dues are 30,000 won, due Friday');
  const pinned = messagesWithText(alice.page, 'Dues are 30,000 won');
  await pinned.waitFor();
  const seq = await seqOf(pinned);

  // Bob, a plain member, can reply and react but not pin.
  const bobsCopy = row(bob.page, seq);
  await bobsCopy.waitFor();
  await bobsCopy.getByTestId('message-content').hover();
  await bobsCopy.getByTestId('message-reply').waitFor();
  assert.equal(await bobsCopy.getByTestId('message-pin').count(), 0);

  await pinned.getByTestId('message-content').hover();
  await pinned.getByTestId('message-pin').click();
  const banner = (page) => page.getByTestId('notice-banner');
  for (const page of [alice.page, bob.page]) {
    await banner(page).waitFor();
    assert.equal(await banner(page).getByTestId('notice-text').textContent(), 'Dues are 30,000 won, due Friday');
  }
  assert.match(await banner(alice.page).getByTestId('notice-meta').textContent(), /^Pinned by Alice · /);
  assert.match(await banner(bob.page).getByTestId('notice-meta').textContent(), /^Alice님이 등록 · /);
  assert.equal(await banner(bob.page).getByTestId('notice-unpin').count(), 0, 'only those who may pin may unpin');
  assert.doesNotMatch(await banner(bob.page).textContent(), /false|null|undefined/);
  await until(async () => (await alice.page.getByTestId('system-message').last().textContent()) === 'Alice pinned a notice.',
    'the NOTICE_PINNED note');
  await screenshot(bob.page, 'inroom-notice');

  // Folded to one line and open again; the banner goes to its message.
  await banner(bob.page).getByTestId('notice-fold').click();
  await until(async () => (await banner(bob.page).getByTestId('notice-meta').count()) === 0, 'the folded banner');
  await banner(bob.page).getByTestId('notice-fold').click();
  await banner(bob.page).getByTestId('notice-meta').waitFor();
  await banner(bob.page).getByTestId('notice-open').click();
  await until(async () => (await row(bob.page, seq).getAttribute('data-found')) === 'true', 'the notice’s message ringed');

  // It is there on a fresh load too (the room's summary carries it).
  await bob.page.reload();
  await banner(bob.page).waitFor();
  assert.equal(await banner(bob.page).getByTestId('notice-text').textContent(), 'Dues are 30,000 won, due Friday');

  await banner(alice.page).getByTestId('notice-unpin').click();
  for (const page of [alice.page, bob.page]) await banner(page).waitFor({ state: 'hidden' });
});

test('a manager is offered the pin once made one, live, and pins', async () => {
  const aliceApi = await apiSession(server.baseUrl, aliceAccount);
  const made = await aliceApi.call('PUT', `/rooms/${groupId}/managers/${bobAccount.id}`);
  assert.equal(made.status, 204, JSON.stringify(made.body));
  const last = bob.page.locator('[data-testid="message"]').last();
  await until(async () => {
    await last.getByTestId('message-content').hover();
    return (await last.getByTestId('message-pin').count()) === 1;
  }, 'the pin offered to the new manager');
  // A manager pins: the banner shows for them, and Alice sees it live with who pinned it. The button shows on hover,
  // and a redraw (the member list read again after the appointment) may take the hover away: hover, then click, until
  // the banner is there (pinning the pinned message again changes nothing).
  await until(async () => {
    if (await bob.page.getByTestId('notice-banner').isVisible()) return true;
    await last.getByTestId('message-content').hover();
    await last.getByTestId('message-pin').click({ timeout: 2_000 });
    return bob.page.getByTestId('notice-banner').isVisible();
  }, 'the notice the manager pinned');
  await until(async () => /^Pinned by Bob · /.test(await alice.page.getByTestId('notice-meta').textContent()),
    'the manager\'s notice, live for Alice');
});

test('no Content-Security-Policy violations', () => {
  assertNoCspViolations();
});
