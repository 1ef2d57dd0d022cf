// Live chat with Moim over STOMP: subscribe to a room and to your personal events, send a message,
// wait for its RECEIPT (sent only once the message is committed), mark it read, then listen for a while.
//
//   npm install                      # @stomp/stompjs 7 and ws 8, from package.json beside this file
//   TOKEN=<accessToken> ROOM_ID=<roomId> node stomp-chat.mjs "Hello from STOMP"
//
// Without a message argument it only listens. Environment: MOIM_WS (default ws://localhost:8080/ws),
// LISTEN_SECONDS (default 10). See docs/protocol.md for every frame and event.
import { randomUUID } from 'node:crypto';
import { Client } from '@stomp/stompjs';
import { WebSocket } from 'ws';

Object.assign(global, { WebSocket }); // stompjs uses the global WebSocket; Node 20 has none

const token = process.env.TOKEN;
const roomId = process.env.ROOM_ID;
const text = process.argv[2];
const listenSeconds = Number(process.env.LISTEN_SECONDS ?? 10);
if (!token || !roomId) {
  console.error('Set TOKEN (an access token from POST /api/v1/auth/login) and ROOM_ID');
  process.exit(2);
}

const client = new Client({
  brokerURL: process.env.MOIM_WS ?? 'ws://localhost:8080/ws',
  connectHeaders: { Authorization: `Bearer ${token}` },
  heartbeatIncoming: 10000,
  heartbeatOutgoing: 10000,
  reconnectDelay: 0, // a real client reconnects (with a fresh token) and catches up with ?afterSeq=
});

client.onConnect = () => {
  console.log(`connected to room ${roomId}`);

  // Room events: message, message_edited, message_deleted, read, members (and presence in a DIRECT room).
  const onRoomEvent = (frame) => {
    const event = JSON.parse(frame.body);
    if (event.type === 'message') {
      const m = event.message;
      console.log(`[${m.seq}] ${m.sender ? m.sender.nickname : 'system'}: ${m.content} (unread ${m.unreadCount})`);
    } else {
      console.log('room event', JSON.stringify(event));
    }
  };
  client.subscribe(`/topic/rooms/${roomId}`, onRoomEvent);
  // The room is "on screen" here: its live topic carries typing, and in a group who comes online or goes offline.
  client.subscribe(`/topic/rooms/${roomId}/live`, onRoomEvent);

  // Personal events: room_added, room_removed, and error events for frames this session sent that were refused.
  client.subscribe('/user/queue/events', (frame) => {
    console.log('my event', frame.body);
  });

  if (text) {
    const receipt = randomUUID();
    client.watchForReceipt(receipt, (frame) => {
      const seq = Number(frame.headers.seq);
      console.log(`stored as seq ${seq}`);
      // Mark the room read up to what we just saw; RECEIPT again once committed.
      const readReceipt = randomUUID();
      client.watchForReceipt(readReceipt, () => console.log(`read up to ${seq}`));
      client.publish({
        destination: `/app/rooms/${roomId}/read`,
        headers: { receipt: readReceipt },
        body: JSON.stringify({ seq }),
      });
    });
    client.publish({
      destination: `/app/rooms/${roomId}/messages`,
      headers: { receipt }, // resend with the same clientMsgId if no RECEIPT arrives: the server stores it once
      body: JSON.stringify({ clientMsgId: randomUUID(), type: 'TEXT', content: text }),
    });
  }

  setTimeout(() => client.deactivate(), listenSeconds * 1000);
};

// A refused CONNECT, or an expired token, arrives as an ERROR frame whose message header is the error code.
client.onStompError = (frame) => {
  console.error(`STOMP ERROR ${frame.headers.message}: ${frame.body}`);
  client.deactivate();
  process.exitCode = 1;
};
client.onWebSocketClose = () => console.log('closed');

client.activate();
