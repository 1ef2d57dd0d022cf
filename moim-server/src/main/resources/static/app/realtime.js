// The STOMP connection: one socket to /ws carrying the personal queue, one subscription per room in the
// list, and the live topic (typing, presence) of the room on screen. It reconnects by itself with exponential
// back-off, and reports each new connection so the caller can catch up. Receipts turn frames into promises: a
// SEND resolves once the server has stored the message.

/* global StompJs */
import { uuid } from './dom.js';

const brokerURL = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;

/**
 * Runs handle(event) for one frame's JSON body. Whatever the frame holds, nothing escapes: a body that is not
 * JSON, or an event whose handling throws, is noted on the console and the subscription goes on.
 */
function deliver(frame, handle) {
  let event;
  try {
    event = JSON.parse(frame.body);
  } catch {
    console.debug('moim: ignored a frame that is not JSON', frame.body);
    return;
  }
  try {
    handle(event);
  } catch (e) {
    console.error('moim: an event could not be applied', event, e);
  }
}

export class Disconnected extends Error {
  constructor() {
    super('The connection closed before the server answered');
    this.code = 'DISCONNECTED';
  }
}

export class Realtime {
  /**
   * handlers: token() → Promise<accessToken>; roomEvent(event, roomId of its topic); userEvent(event); state(name);
   * connected() after every (re)connect, once the personal queue is subscribed; stompError(code).
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.state = 'connecting';
    this.wanted = new Set(); // rooms whose topic we want, whether or not we are connected
    this.subs = new Map(); // roomId → { subscription, ready: Promise } for the current connection
    this.shown = null; // the room on screen, whose live topic we want
    this.liveSub = null; // its subscription on the current connection
    this.receipts = new Map(); // receipt id → { resolve, reject } awaiting the server
    this.everConnected = false;

    const client = new StompJs.Client({
      brokerURL,
      reconnectDelay: 1000,
      maxReconnectDelay: 30_000,
      reconnectTimeMode: StompJs.ReconnectionTimeMode.EXPONENTIAL,
      connectionTimeout: 10_000,
      heartbeatIncoming: 10_000,
      heartbeatOutgoing: 10_000,
    });
    // Runs before every attempt, so a reconnect always presents a fresh token. It must not throw: a throw
    // here would stop stompjs's reconnect loop for good.
    client.beforeConnect = async () => {
      try {
        client.connectHeaders = { Authorization: `Bearer ${await handlers.token()}` };
      } catch {
        // Offline or signed out: the attempt fails and the back-off takes over (or stop() ends it).
      }
    };
    client.onConnect = () => this.onConnect();
    client.onWebSocketClose = () => this.onClose();
    client.onStompError = (frame) => {
      // The server names the error in the message header (TOKEN_EXPIRED, UNAUTHENTICATED, ...) and closes.
      handlers.stompError?.(frame.headers.message);
    };
    client.onUnhandledReceipt = (frame) => this.settleReceipt(frame.headers['receipt-id'], frame.headers);
    this.client = client;

    this.onOnline = () => { if (!client.connected) this.restart(); };
    this.onOffline = () => {
      this.setState('offline');
      if (client.connected) client.forceDisconnect();
    };
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
  }

  get connected() {
    return this.client.connected;
  }

  start() {
    this.client.activate();
  }

  async stop() {
    this.stopped = true;
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    await this.client.deactivate();
  }

  /**
   * Reconnects now instead of waiting out the back-off: the network came back, or there is a new token
   * (the server closes a socket whose token runs out, so a refreshed token means a fresh socket).
   */
  async restart() {
    if (!this.client.active || this.restarting) return;
    this.restarting = true;
    try {
      await this.client.deactivate();
      if (!this.stopped) this.client.activate();
    } finally {
      this.restarting = false;
    }
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.handlers.state(state);
  }

  onConnect() {
    this.everConnected = true;
    this.subs.clear();
    this.liveSub = null;
    this.setState('online');
    this.client.subscribe('/user/queue/events', (frame) => deliver(frame, (event) => this.onUserEvent(event)));
    for (const roomId of this.wanted) this.subscribeRoom(roomId);
    if (this.shown != null) this.subscribeLive(this.shown);
    this.handlers.connected();
  }

  onClose() {
    this.subs.clear();
    this.liveSub = null;
    // Nothing sent on the dead socket will be answered; its senders decide whether to resend.
    for (const { reject } of this.receipts.values()) reject(new Disconnected());
    this.receipts.clear();
    if (this.client.active) this.setState(navigator.onLine === false ? 'offline' : (this.everConnected ? 'reconnecting' : 'connecting'));
  }

  onUserEvent(event) {
    // A refusal of a frame we sent with a receipt settles that frame's promise instead.
    if (event?.type === 'error' && typeof event.receiptId === 'string' && this.receipts.has(event.receiptId)) {
      const { reject } = this.receipts.get(event.receiptId);
      this.receipts.delete(event.receiptId);
      reject(Object.assign(new Error(String(event.message ?? '')), { code: String(event.code ?? 'UNKNOWN'), clientMsgId: event.clientMsgId }));
      return;
    }
    this.handlers.userEvent(event);
  }

  settleReceipt(id, headers) {
    const waiting = this.receipts.get(id);
    if (waiting) {
      this.receipts.delete(id);
      waiting.resolve(headers);
    }
  }

  /** A frame with a receipt header; resolves with the RECEIPT's headers, rejects with the error event. */
  withReceipt(send) {
    const id = uuid();
    const answered = new Promise((resolve, reject) => this.receipts.set(id, { resolve, reject }));
    try {
      send(id);
    } catch {
      // The socket went away between the check and the write.
      this.receipts.delete(id);
      return Promise.reject(new Disconnected());
    }
    return answered;
  }

  /** Keeps the room's topic subscribed across reconnects. */
  watchRoom(roomId) {
    this.wanted.add(roomId);
    if (this.client.connected && !this.subs.has(roomId)) this.subscribeRoom(roomId);
  }

  unwatchRoom(roomId) {
    this.wanted.delete(roomId);
    const sub = this.subs.get(roomId);
    this.subs.delete(roomId);
    if (sub && this.client.connected) sub.subscription.unsubscribe();
    if (this.shown === roomId) this.showRoom(null);
  }

  /**
   * The room on screen (null: none): its live topic carries who is typing and, in a group, who comes online, which
   * the server sends only to those looking at the room. Kept across reconnects like the room topics.
   */
  showRoom(roomId) {
    if (this.shown === roomId) return;
    if (this.liveSub && this.client.connected) this.liveSub.unsubscribe();
    this.liveSub = null;
    this.shown = roomId;
    if (roomId != null && this.client.connected) this.subscribeLive(roomId);
  }

  subscribeLive(roomId) {
    this.liveSub = this.client.subscribe(`/topic/rooms/${roomId}/live`,
      (frame) => deliver(frame, (event) => this.handlers.roomEvent(event, roomId)));
  }

  // The server sends the RECEIPT of a SUBSCRIBE once the subscription is live, so history fetched after it
  // overlaps the live stream instead of leaving a gap.
  subscribeRoom(roomId) {
    let subscription;
    const ready = this.withReceipt((receipt) => {
      subscription = this.client.subscribe(`/topic/rooms/${roomId}`,
        (frame) => deliver(frame, (event) => this.handlers.roomEvent(event, roomId)), { receipt });
    });
    ready.catch(() => {}); // a refusal (e.g. NOT_A_MEMBER after a kick) is handled by whoever awaits it
    this.subs.set(roomId, { subscription, ready });
  }

  /** Resolves when the room's topic is live on the current connection. */
  roomReady(roomId) {
    const sub = this.subs.get(roomId);
    return sub ? sub.ready : Promise.reject(new Disconnected());
  }

  /** SEND with a receipt; rejects with Disconnected when not connected. */
  publish(destination, body) {
    if (!this.client.connected) return Promise.reject(new Disconnected());
    return this.withReceipt((receipt) => this.client.publish({
      destination, headers: { receipt, 'content-type': 'application/json' }, body: JSON.stringify(body),
    }));
  }

  /** SEND without waiting for an answer (typing, read marks); false when not connected. */
  fire(destination, body) {
    if (!this.client.connected) return false;
    this.client.publish({ destination, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return true;
  }
}
