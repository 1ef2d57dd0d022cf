// Photos and files in the web client: a photo picked with the 📎 button reaches both browsers as a thumbnail, an
// album opens in the full-size viewer, a file downloads under its name with its bytes, a deleted photo vanishes live,
// refused files are explained in words, uploads show progress and can be cancelled, pasted and dropped pictures are
// sent, the room's gallery pages, and a profile picture shows where people are shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { png } from './pictures.mjs';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi } from './harness.mjs';
import { until, loginViaUi, apiSession, roomItem, messagesWithText, send, assertNoCspViolations } from './ui.mjs';

// ---- pictures made here ----
/** A sunset: sky fading to orange, a sun, a dark sea. */
const sunset = (w, h) => png(w, h, (x, y) => {
  const sea = y > h * 0.68;
  const d = Math.hypot(x - w * 0.62, y - h * 0.6);
  if (!sea && d < h * 0.16) return [255, 214, 90];
  if (sea) return [20 + (y % 9), 42 + (x % 7), 78];
  const k = y / (h * 0.68);
  return [Math.round(70 + 185 * k), Math.round(90 + 60 * k), Math.round(180 - 110 * k)];
});
/** One colour, lighter towards the bottom right. */
const plain = (w, h, [r, g, b]) => png(w, h, (x, y) => {
  const k = 0.55 + 0.45 * ((x / w + y / h) / 2);
  return [Math.round(r * k + 80 * (1 - k)), Math.round(g * k + 80 * (1 - k)), Math.round(b * k + 80 * (1 - k))];
});

let server;
let browser;
let alice; // en-US
let minsu; // ko-KR
let aliceApi;
let groupId;
let directId;
let a; // Alice's browser
let m; // Minsu's browser

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await signupViaApi(server.baseUrl, 'Alice');
  minsu = await signupViaApi(server.baseUrl, '민수');
  aliceApi = await apiSession(server.baseUrl, alice);
  const group = await aliceApi.call('POST', '/rooms', { type: 'GROUP', name: 'Beach trip', memberIds: [minsu.id] });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  groupId = group.body.id;
  const direct = await aliceApi.call('POST', '/rooms', { type: 'DIRECT', memberIds: [minsu.id] });
  assert.equal(direct.status, 201, JSON.stringify(direct.body));
  directId = direct.body.id;
  a = await newPerson(browser, 'en-US');
  m = await newPerson(browser, 'ko-KR');
  await loginViaUi(a.page, server.baseUrl, alice);
  await loginViaUi(m.page, server.baseUrl, minsu);
  for (const p of [a.page, m.page]) {
    await roomItem(p, groupId).click();
    await p.getByTestId('chat-view').waitFor();
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Picks files with the 📎 button, as a person does through the browser's file chooser. */
async function pickFiles(page, picked) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('attach-button').click();
  await (await chooser).setFiles(picked);
}

/** The stored message (not a pending copy) of this type whose caption or file name contains text. */
const mediaMessage = (page, type, text) => {
  const rows = page.locator(`[data-testid="message"]:has([data-testid="message-content"][data-type="${type}"])`);
  return text ? rows.filter({ hasText: text }) : rows;
};

/** Facts about the loaded <img> elements of the photos in locator. */
const imagesOf = (locator) => locator.locator('[data-testid="photo-img"]').evaluateAll((imgs) =>
  imgs.map((img) => ({ complete: img.complete, w: img.naturalWidth, h: img.naturalHeight, src: img.src })));

async function lastSeq(roomId) {
  const page = await aliceApi.call('GET', `/rooms/${roomId}/messages?limit=1`);
  return page.body.messages.at(-1)?.seq ?? 0;
}

test('a photo picked with the 📎 button reaches both browsers as a thumbnail, laid out before it loads', async () => {
  await a.page.getByTestId('composer').fill('Sunset at the beach');
  await pickFiles(a.page, { name: 'sunset.png', mimeType: 'image/png', buffer: sunset(640, 400) });

  for (const page of [a.page, m.page]) {
    const message = mediaMessage(page, 'IMAGE', 'Sunset at the beach');
    await message.waitFor();
    await message.locator('[data-testid="photo-thumb"][data-state="loaded"]').waitFor();
    assert.equal(await message.getByTestId('message-caption').textContent(), 'Sunset at the beach');
  }
  assert.equal(await a.page.getByTestId('message-pending').count(), 0, 'the pending copy is gone once stored');
  assert.equal(await a.page.getByTestId('composer').inputValue(), '', 'the caption went with the photo');

  // Minsu's copy is the server's thumbnail (480 x 300: fits 480 x 480), shown from a blob: URL.
  const theirs = mediaMessage(m.page, 'IMAGE', 'Sunset at the beach');
  const [img] = await imagesOf(theirs);
  assert.deepEqual([img.complete, img.w, img.h], [true, 480, 300]);
  assert.match(img.src, /^blob:/);
  // The cell has the photo's proportions (1.6 : 1), which it had from the message alone.
  const box = await theirs.getByTestId('photo-thumb').boundingBox();
  assert.ok(Math.abs(box.width / box.height - 1.6) < 0.05, `proportions ${box.width} x ${box.height}`);
  // The sender's name and their initial beside the photo, as for text.
  assert.equal(await theirs.getByTestId('message-sender').textContent(), 'Alice');
  assert.equal(await roomItem(m.page, groupId).getByTestId('room-preview').textContent(), 'Sunset at the beach');
});

test('an album opens in the full-size viewer, steps through its photos and closes with Esc or a click beside', async () => {
  await pickFiles(a.page, [
    { name: 'red.png', mimeType: 'image/png', buffer: plain(300, 200, [220, 40, 40]) },
    { name: 'green.png', mimeType: 'image/png', buffer: plain(200, 300, [40, 180, 60]) },
    { name: 'blue.png', mimeType: 'image/png', buffer: plain(250, 250, [40, 60, 200]) },
  ]);
  const album = m.page.locator('[data-testid="album"][data-count="3"]');
  await album.waitFor();
  await until(async () => (await album.locator('[data-testid="photo-thumb"][data-state="loaded"]').count()) === 3,
    'the three thumbnails');
  // One message for the three, and the room list says what it is in Minsu's language.
  assert.equal(await mediaMessage(m.page, 'IMAGE').count(), 2);
  await until(async () => (await roomItem(m.page, groupId).getByTestId('room-preview').textContent()) === '사진 3장',
    'the preview of an album without caption');

  await album.getByTestId('photo-thumb').nth(1).click();
  const viewer = m.page.getByTestId('image-viewer');
  await viewer.waitFor();
  const image = viewer.getByTestId('viewer-image');
  const shown = () => image.evaluate((img) => ({ state: img.dataset.state, w: img.naturalWidth, h: img.naturalHeight }));
  await until(async () => (await shown()).state === 'original', 'the original photo');
  assert.deepEqual(await shown(), { state: 'original', w: 200, h: 300 }, 'the original, not the thumbnail');
  assert.equal(await viewer.getByTestId('viewer-counter').textContent(), '2 / 3');
  assert.equal(await viewer.getByTestId('viewer-name').textContent(), 'green.png');
  await screenshot(m.page, 'files-viewer');

  await m.page.keyboard.press('ArrowRight');
  await until(async () => (await viewer.getByTestId('viewer-counter').textContent()) === '3 / 3', 'the next photo');
  await until(async () => (await shown()).w === 250, 'the third original');
  assert.equal(await viewer.getByTestId('viewer-next').isVisible(), false, 'nothing after the last');
  await viewer.getByTestId('viewer-prev').click();
  await viewer.getByTestId('viewer-prev').click();
  await until(async () => (await viewer.getByTestId('viewer-counter').textContent()) === '1 / 3', 'the first photo');
  await until(async () => (await shown()).w === 300, 'the first original');
  await m.page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'detached' });

  // A click beside the photo closes it too.
  await album.getByTestId('photo-thumb').first().click();
  await viewer.waitFor();
  await m.page.mouse.click(30, 400);
  await viewer.waitFor({ state: 'detached' });
});

test('a file shows as a card with its size, and downloads under its name with its bytes', async () => {
  const notes = Buffer.from(`${'Packing list: towels, sunscreen, 수박.\n'.repeat(36)}`);
  assert.ok(notes.length > 1400 && notes.length < 1700);
  await pickFiles(a.page, { name: 'packing list.txt', mimeType: 'text/plain', buffer: notes });
  const card = m.page.locator('[data-testid="file-card"]').filter({ hasText: 'packing list.txt' });
  await card.waitFor();
  assert.equal(await card.getByTestId('file-name').textContent(), 'packing list.txt');
  assert.equal(await card.getByTestId('file-size').textContent(), `${(notes.length / 1024).toFixed(1)} KB`);
  await until(async () => (await roomItem(m.page, groupId).getByTestId('room-preview').textContent()) === '파일',
    'the preview of a file without caption');

  const downloading = m.page.waitForEvent('download');
  await card.getByTestId('file-download').click();
  const download = await downloading;
  assert.equal(download.suggestedFilename(), 'packing list.txt');
  assert.deepEqual(await readFile(await download.path()), notes, 'the very bytes that were sent');
  await screenshot(m.page, 'files-chat');
});

test('a deleted photo disappears live from the other browser, even from its open viewer', async () => {
  const mine = mediaMessage(a.page, 'IMAGE', 'Sunset at the beach');
  const seq = Number(await mine.getAttribute('data-seq'));
  // Minsu is looking at the photo full size when Alice deletes it.
  await mediaMessage(m.page, 'IMAGE', 'Sunset at the beach').getByTestId('photo-thumb').click();
  await m.page.getByTestId('image-viewer').waitFor();

  await mine.getByTestId('message-content').hover();
  await mine.getByTestId('message-delete').click();
  await mine.getByTestId('message-delete').click(); // "Delete?"
  await m.page.getByTestId('image-viewer').waitFor({ state: 'detached' });
  const theirs = m.page.locator(`[data-testid="message"][data-seq="${seq}"]`);
  await until(async () => (await theirs.getAttribute('data-deleted')) === 'true', 'the tombstone');
  assert.equal(await theirs.getByTestId('message-content').textContent(), '삭제된 메시지입니다.');
  assert.equal(await theirs.getByTestId('photo-thumb').count(), 0);
  assert.equal(await a.page.locator(`[data-testid="message"][data-seq="${seq}"] [data-testid="photo-thumb"]`).count(), 0);
  // The photo is gone from the server too.
  const gallery = await aliceApi.call('GET', `/rooms/${groupId}/attachments?kind=IMAGE`);
  assert.ok(!gallery.body.items.some((x) => x.attachment.name === 'sunset.png'));
});

test('refused files are explained in words in the sender\'s language, and nothing is sent', async () => {
  const before = await lastSeq(groupId);
  // A Windows program (MZ header), and a ZIP archive named as a PDF.
  const program = Buffer.alloc(512);
  program.write('MZ', 0, 'latin1');
  program.writeUInt32LE(0x80, 0x3c);
  program.write('PE\0\0', 0x80, 'latin1');
  const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]);
  await m.page.getByTestId('composer').fill('이거 받아 주세요');
  await pickFiles(m.page, [
    { name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: program },
    { name: 'report.pdf', mimeType: 'application/pdf', buffer: zip },
  ]);
  const notes = m.page.getByTestId('upload-refused');
  await until(async () => (await notes.count()) === 2, 'a note for each refused file');
  const reasons = await m.page.getByTestId('refused-file').evaluateAll((items) => items.map((li) => ({
    name: li.querySelector('[data-testid="refused-name"]').textContent,
    code: li.dataset.code,
    reason: li.querySelector('[data-testid="refused-reason"]').textContent,
  })));
  const byName = Object.fromEntries(reasons.map((r) => [r.name, r]));
  assert.deepEqual(byName['setup.exe'], { name: 'setup.exe', code: 'UNSUPPORTED_FILE_TYPE', reason: '실행 파일은 보낼 수 없습니다.' });
  assert.deepEqual(byName['report.pdf'], { name: 'report.pdf', code: 'FILE_TYPE_MISMATCH',
    reason: '파일 이름과 실제 내용이 다릅니다. 이름을 바꾼 파일은 보낼 수 없습니다.' });
  // Nothing went out, the caption is back in the composer, and Alice saw nothing.
  assert.equal(await m.page.getByTestId('message-pending').count(), 0);
  assert.equal(await m.page.getByTestId('composer').inputValue(), '이거 받아 주세요');
  assert.equal(await lastSeq(groupId), before);
  await screenshot(m.page, 'files-refused');

  await notes.first().getByTestId('refused-dismiss').click();
  await notes.last().getByTestId('refused-dismiss').click();
  await until(async () => (await notes.count()) === 0, 'the notes dismissed');
  await m.page.getByTestId('composer').fill('');
});

test('an upload shows its progress and ✕ cancels it: nothing is sent and the caption is kept', async () => {
  const before = await lastSeq(groupId);
  // Hold the upload at the network, as a slow connection would.
  let held = null;
  const arrived = new Promise((resolve) => {
    a.page.route(/\/api\/v1\/rooms\/\d+\/attachments\?/, (route) => {
      held = route;
      resolve();
    });
  });
  await a.page.getByTestId('composer').fill('The whole video');
  await pickFiles(a.page, { name: 'beach.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(3 * 1024 * 1024, 1) });
  const pending = a.page.locator('[data-testid="message-pending"][data-status="uploading"]');
  await pending.waitFor();
  await arrived;
  const bar = pending.getByTestId('upload-progress');
  assert.equal(await bar.isVisible(), true);
  assert.equal(await bar.getAttribute('max'), String(3 * 1024 * 1024));
  assert.equal(await pending.getByTestId('upload').getAttribute('data-name'), 'beach.mp4');
  await screenshot(a.page, 'files-upload');

  await pending.getByTestId('upload-cancel').click();
  await pending.waitFor({ state: 'detached' });
  await held.abort().catch(() => {});
  await a.page.unrouteAll({ behavior: 'ignoreErrors' });
  assert.equal(await a.page.getByTestId('composer').inputValue(), 'The whole video', 'the caption is not lost');
  assert.equal(await a.page.getByTestId('upload-refused').count(), 0, 'a cancel is not a refusal');
  assert.equal(await lastSeq(groupId), before);
  await a.page.getByTestId('composer').fill('');
});

test('a pasted picture and dropped files are sent like picked ones', async () => {
  const picture = plain(120, 90, [250, 170, 30]).toString('base64');
  // Paste: a screenshot on the clipboard, as the browser hands it to the page.
  await a.page.getByTestId('composer').focus();
  await a.page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    document.querySelector('[data-testid="composer"]')
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, picture);
  const pasted = m.page.locator('[data-testid="album"][data-count="1"] [data-testid="photo-thumb"][title="image.png"]');
  await pasted.waitFor();
  await m.page.locator('[data-testid="photo-thumb"][title="image.png"][data-state="loaded"]').waitFor();

  // Drop: a photo and a text file onto the chat, which shows where to drop while they are dragged over it.
  await a.page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    data.items.add(new File(['Lunch: kimbap\n'], 'menu.txt', { type: 'text/plain' }));
    const chat = document.querySelector('[data-testid="chat-view"]');
    chat.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
    window.dropZoneShown = !document.querySelector('[data-testid="drop-zone"]').hidden;
    chat.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, picture);
  assert.equal(await a.page.evaluate(() => window.dropZoneShown), true, 'the drop zone showed during the drag');
  assert.equal(await a.page.getByTestId('drop-zone').isVisible(), false);
  await m.page.locator('[data-testid="photo-thumb"][title="dropped.png"][data-state="loaded"]').waitFor();
  await m.page.locator('[data-testid="file-card"]').filter({ hasText: 'menu.txt' }).waitFor();
});

test("the room's gallery shows its photos and files, newest first, with More", async () => {
  // Two more albums sent over REST: 26 shells and 15 pebbles, 46 photos in the room with the five before. A page of
  // 40 would end inside the shells' album; the server completes the album instead (41), and More brings the rest.
  const shells = await restAlbum('shell', 26, 'Shells we found');
  await restAlbum('pebble', 15, 'Pebbles');
  const big = m.page.locator('[data-testid="album"][data-count="26"]');
  await big.waitFor();
  assert.equal(await big.getByTestId('photo-thumb').count(), 9, 'an album shows nine cells');
  assert.equal(await big.getByTestId('photo-more').textContent(), '+18');

  await m.page.getByTestId('gallery-button').click();
  const panel = m.page.getByTestId('gallery-panel');
  await panel.waitFor();
  const photos = panel.locator('[data-testid="gallery-photos"] [data-testid="photo-thumb"]');
  await until(async () => (await photos.count()) === 41, 'the first page of photos, the shells whole');
  assert.match(await photos.first().getAttribute('title'), /^pebble-\d+\.png$/, 'newest message first');
  await panel.getByTestId('gallery-more').click();
  await until(async () => (await photos.count()) === 46, 'the next page');
  await panel.getByTestId('gallery-more').waitFor({ state: 'hidden' });
  const titles = await photos.evaluateAll((cells) => cells.map((c) => c.title));
  assert.equal(new Set(titles).size, 46, 'no photo twice');
  assert.deepEqual(titles.filter((x) => x.startsWith('shell-')).sort(), shells.names.sort(), 'every shell');
  assert.deepEqual(titles.slice(-3).sort(), ['blue.png', 'green.png', 'red.png'], 'down to the oldest photos left');
  await until(async () => (await panel.locator('[data-testid="photo-thumb"][data-state="loaded"]').count()) >= 12,
    'thumbnails loaded');
  await screenshot(m.page, 'files-gallery');

  await photos.nth(2).click();
  const viewer = m.page.getByTestId('image-viewer');
  await viewer.waitFor();
  assert.equal(await viewer.getByTestId('viewer-counter').textContent(), '3 / 46');
  await m.page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'detached' });

  await panel.getByTestId('gallery-tab-files').click();
  const cards = panel.locator('[data-testid="gallery-files"] [data-testid="file-card"]');
  await until(async () => (await cards.count()) === 2, 'the two files');
  assert.deepEqual(await cards.getByTestId('file-name').allTextContents(), ['menu.txt', 'packing list.txt']);

  // Live: Alice deletes the dropped menu, and it leaves Minsu's open gallery.
  const menu = mediaMessage(a.page, 'FILE', 'menu.txt');
  const seq = Number(await menu.getAttribute('data-seq'));
  assert.equal((await aliceApi.call('DELETE', `/rooms/${groupId}/messages/${seq}`)).status, 200);
  await until(async () => (await cards.count()) === 1, 'the deleted file gone from the gallery');
  await panel.getByTestId('gallery-close').click();
  await panel.waitFor({ state: 'detached' });
});

/** Uploads n photos named prefix-1.png … over REST and sends them as one IMAGE message from Alice. */
async function restAlbum(prefix, n, caption) {
  const token = (await (await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: alice.email, password: alice.password }),
  })).json()).accessToken;
  const ids = [];
  const names = [];
  for (let i = 1; i <= n; i++) {
    const name = `${prefix}-${i}.png`;
    const res = await fetch(`${server.baseUrl}/api/v1/rooms/${groupId}/attachments?name=${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
      body: plain(160, 120, [i * 9, 120 + n, 255 - i * 9]),
    });
    assert.equal(res.status, 201, await res.clone().text());
    ids.push((await res.json()).id);
    names.push(name);
  }
  const sent = await aliceApi.call('POST', `/rooms/${groupId}/messages`,
    { clientMsgId: `album-${prefix}`, type: 'IMAGE', content: caption, attachmentIds: ids });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  return { ids, names };
}

test('a profile picture, chosen and cropped in the profile, shows in member lists, beside messages and in direct chats', async () => {
  await a.page.getByTestId('profile-button').click();
  const dialog = a.page.getByTestId('profile-dialog');
  await dialog.waitFor();
  const chooser = a.page.waitForEvent('filechooser');
  await dialog.getByTestId('profile-choose').click();
  await (await chooser).setFiles({ name: 'me.png', mimeType: 'image/png', buffer: sunset(300, 200) });
  const box = dialog.getByTestId('crop-box');
  await box.waitFor();
  // The largest square, centred; made smaller and moved to the left edge.
  await until(async () => (await box.boundingBox())?.width > 50, 'the crop square');
  await dialog.getByTestId('crop-size').fill('50');
  const square = await box.boundingBox();
  await a.page.mouse.move(square.x + square.width / 2, square.y + square.height / 2);
  await a.page.mouse.down();
  await a.page.mouse.move(square.x - 400, square.y + square.height / 2, { steps: 4 });
  await a.page.mouse.up();
  await screenshot(a.page, 'files-profile');
  const saved = a.page.waitForResponse((r) => r.url().includes('/users/me/avatar') && r.request().method() === 'PUT');
  await dialog.getByTestId('profile-save').click();
  const put = await saved;
  assert.equal(put.status(), 200);
  const crop = new URL(put.url()).searchParams;
  assert.equal(crop.get('x'), '0', 'moved to the left edge');
  assert.equal(crop.get('size'), '100', 'half of the shorter side');
  await until(async () => (await dialog.getByTestId('profile-status').textContent()) === 'Your picture is set.', 'saved');
  await dialog.locator('[data-testid="avatar"].has-picture img').waitFor();
  await dialog.getByTestId('profile-close').click();
  await a.page.locator('[data-testid="profile-button"] [data-testid="avatar"].has-picture').waitFor();
  const me = (await aliceApi.call('GET', '/users/me')).body;
  assert.ok(me.avatarId);

  // Her own member list, and Minsu's.
  for (const page of [a.page, m.page]) {
    await page.getByTestId('members-button').click();
    const item = page.locator(`[data-testid="member-item"][data-user-id="${alice.id}"]`);
    const picture = item.locator(`[data-testid="avatar"][data-avatar-id="${me.avatarId}"].has-picture img`);
    await picture.waitFor();
    // The square she chose (100 px of the photo; never enlarged past it).
    await until(() => picture.evaluate((img) => img.complete && img.naturalWidth > 0 && img.naturalWidth === img.naturalHeight),
      'the small square picture');
    const other = page.locator(`[data-testid="member-item"][data-user-id="${minsu.id}"] [data-testid="avatar"]`);
    assert.equal(await other.evaluate((el) => el.classList.contains('has-picture')), false);
    assert.equal(await other.textContent(), '민');
  }
  await screenshot(m.page, 'files-members');
  await m.page.getByTestId('members-close').click();

  // Beside her next message in Minsu's chat (the first of her run, after his).
  await send(m.page, '사진 바꿨어요?');
  await messagesWithText(a.page, '사진 바꿨어요?').waitFor();
  await send(a.page, 'New picture!');
  const message = messagesWithText(m.page, 'New picture!');
  await message.locator(`[data-testid="avatar"][data-avatar-id="${me.avatarId}"].has-picture img`).waitFor();

  // In Minsu's room list, on their one-to-one chat.
  await m.page.reload();
  await roomItem(m.page, directId).locator(`[data-testid="avatar"][data-avatar-id="${me.avatarId}"].has-picture img`).waitFor();

  // Removed: her initial again.
  await a.page.getByTestId('profile-button').click();
  await dialog.getByTestId('profile-remove').click();
  await until(async () => (await dialog.getByTestId('profile-status').textContent()) === 'Your picture was removed.', 'removed');
  await dialog.getByTestId('profile-close').click();
  const mine = a.page.locator('[data-testid="profile-button"] [data-testid="avatar"]');
  await until(async () => !(await mine.evaluate((el) => el.classList.contains('has-picture'))), 'the picture gone');
  assert.equal(await mine.textContent(), 'A');
});

test('photos and files on a phone-sized screen, in Korean', async () => {
  const phone = await newPerson(browser, 'ko-KR', { width: 390, height: 844 });
  await loginViaUi(phone.page, server.baseUrl, minsu);
  await roomItem(phone.page, groupId).click();
  await phone.page.locator('[data-testid="album"][data-count="26"] [data-testid="photo-thumb"][data-state="loaded"]').first().waitFor();
  await phone.page.locator('[data-testid="album"][data-count="3"]').scrollIntoViewIfNeeded();
  await until(async () => (await phone.page.locator('[data-testid="album"][data-count="3"] [data-state="loaded"]').count()) === 3,
    'the album on the phone');
  await screenshot(phone.page, 'files-mobile-ko');
  await phone.context.close();
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
