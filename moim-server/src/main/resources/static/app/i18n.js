// Interface text in Korean and English. The language follows the browser (ko* → Korean, else English).
// Every server ErrorCode (dev/moim/common/ErrorCode.java) has a sentence here, so no error reaches the
// screen as a bare code.

export const lang = (navigator.language || 'en').toLowerCase().startsWith('ko') ? 'ko' : 'en';

const en = {
  appName: 'Moim',
  tagline: 'Chat with the people you gather with.',
  'login.title': 'Log in',
  'signup.title': 'Create an account',
  'field.email': 'Email',
  'field.password': 'Password',
  'field.nickname': 'Nickname',
  'login.submit': 'Log in',
  'signup.submit': 'Sign up',
  'login.toSignup': 'New here? Create an account',
  'signup.toLogin': 'Have an account? Log in',
  'signup.passwordHint': '8 to 72 characters',
  'signup.done': 'Your account is ready. Welcome!',
  'boot.loading': 'Loading…',
  'boot.offline': 'Cannot reach the server. Trying again…',
  'conn.connecting': 'Connecting…',
  'conn.online': 'Online',
  'conn.reconnecting': 'Reconnecting…',
  'conn.offline': 'Offline',
  'nav.logout': 'Log out',
  'nav.newChat': 'New chat',
  'nav.back': 'Back to chats',
  'rooms.title': 'Chats',
  'rooms.empty': 'No chats yet. Start one with “New chat”.',
  'rooms.noMessages': 'No messages yet',
  'rooms.members': '{n} members',
  'rooms.unread': '{n} unread',
  'rooms.online': 'online',
  'rooms.offline': 'offline',
  'chat.pick': 'Pick a chat on the left, or start a new one.',
  'chat.loading': 'Loading messages…',
  'chat.loadOlder': 'Load earlier messages',
  'chat.start': 'This is the start of the conversation.',
  'chat.composer': 'Message',
  'chat.history': 'Messages',
  'chat.placeholder': 'Type a message (Enter sends, Shift+Enter adds a line)',
  'chat.send': 'Send',
  'chat.newMessages': 'New messages ↓',
  'chat.pending': 'Sending…',
  'chat.queued': 'Waiting for connection',
  'chat.failed': 'Not sent',
  'chat.retry': 'Retry',
  'chat.discard': 'Discard',
  'chat.edit': 'Edit',
  'chat.delete': 'Delete',
  'chat.confirmDelete': 'Delete?',
  'chat.save': 'Save',
  'chat.cancel': 'Cancel',
  'chat.edited': 'edited',
  'chat.deleted': 'This message was deleted.',
  'chat.unreadTitle': '{n} not read yet',
  'chat.me': 'Me',
  'chat.unknownUser': 'Someone',
  'chat.typing1': '{a} is typing…',
  'chat.typing2': '{a} and {b} are typing…',
  'chat.typingMany': 'Several people are typing…',
  'chat.tooLong': 'Messages can be at most {max} characters; this one has {n}.',
  'chat.membersButton': 'Members',
  'chat.removed': 'You are no longer in that chat.',
  'chat.kicked': 'You were removed from “{name}”.',
  'members.title': 'Members',
  'members.owner': 'Owner',
  'members.you': '(you)',
  'members.invite': 'Invite',
  'members.kick': 'Remove',
  'members.makeOwner': 'Make owner',
  'members.leave': 'Leave chat',
  'members.confirmLeave': 'Leave for good?',
  'members.close': 'Close',
  'members.online': 'Online',
  'members.offline': 'Offline',
  'newChat.title': 'New chat',
  'newChat.direct': 'One-to-one',
  'newChat.group': 'Group',
  'newChat.groupName': 'Group name',
  'newChat.search': 'Find people by nickname or email',
  'newChat.noResults': 'Nobody found.',
  'newChat.create': 'Create group',
  'newChat.selected': 'Selected',
  'newChat.needName': 'Give the group a name.',
  'newChat.needPeople': 'Pick at least one person.',
  'invite.title': 'Invite people',
  'invite.submit': 'Invite',
  'dialog.close': 'Close',
  'error.dismiss': 'Dismiss',
  'error.sessionEnded': 'Your session ended. Please log in again.',
  'error.fields': 'Please check: {fields}.',
  'system.CREATED': '{actor} created the chat with {users}.',
  'system.more': '{users} and {n} more',
  'system.CREATED.alone': '{actor} created the chat.',
  'system.JOINED': '{actor} invited {users}.',
  'system.LEFT': '{users} left.',
  'system.KICKED': '{actor} removed {users}.',
  'system.OWNER_CHANGED': '{users} is now the owner.',
  listJoin: ', ',
};

const ko = {
  appName: '모임',
  tagline: '함께 모이는 사람들과 대화하세요.',
  'login.title': '로그인',
  'signup.title': '회원가입',
  'field.email': '이메일',
  'field.password': '비밀번호',
  'field.nickname': '닉네임',
  'login.submit': '로그인',
  'signup.submit': '가입하기',
  'login.toSignup': '처음이신가요? 회원가입',
  'signup.toLogin': '이미 계정이 있나요? 로그인',
  'signup.passwordHint': '8~72자',
  'signup.done': '가입이 완료되었습니다. 환영합니다!',
  'boot.loading': '불러오는 중…',
  'boot.offline': '서버에 연결할 수 없습니다. 다시 시도하는 중…',
  'conn.connecting': '연결 중…',
  'conn.online': '온라인',
  'conn.reconnecting': '다시 연결 중…',
  'conn.offline': '오프라인',
  'nav.logout': '로그아웃',
  'nav.newChat': '새 대화',
  'nav.back': '대화 목록으로',
  'rooms.title': '대화',
  'rooms.empty': '아직 대화가 없습니다. “새 대화”로 시작해 보세요.',
  'rooms.noMessages': '아직 메시지가 없습니다',
  'rooms.members': '{n}명',
  'rooms.unread': '읽지 않은 메시지 {n}개',
  'rooms.online': '온라인',
  'rooms.offline': '오프라인',
  'chat.pick': '왼쪽에서 대화를 고르거나 새 대화를 시작하세요.',
  'chat.loading': '메시지를 불러오는 중…',
  'chat.loadOlder': '이전 메시지 더 보기',
  'chat.start': '대화의 시작입니다.',
  'chat.composer': '메시지',
  'chat.history': '메시지 목록',
  'chat.placeholder': '메시지를 입력하세요 (Enter 전송, Shift+Enter 줄바꿈)',
  'chat.send': '전송',
  'chat.newMessages': '새 메시지 ↓',
  'chat.pending': '보내는 중…',
  'chat.queued': '연결을 기다리는 중',
  'chat.failed': '전송 실패',
  'chat.retry': '다시 보내기',
  'chat.discard': '삭제',
  'chat.edit': '수정',
  'chat.delete': '삭제',
  'chat.confirmDelete': '삭제할까요?',
  'chat.save': '저장',
  'chat.cancel': '취소',
  'chat.edited': '수정됨',
  'chat.deleted': '삭제된 메시지입니다.',
  'chat.unreadTitle': '{n}명이 아직 읽지 않음',
  'chat.me': '나',
  'chat.unknownUser': '알 수 없는 사용자',
  'chat.typing1': '{a}님이 입력 중…',
  'chat.typing2': '{a}님과 {b}님이 입력 중…',
  'chat.typingMany': '여러 명이 입력 중…',
  'chat.tooLong': '메시지는 최대 {max}자까지 보낼 수 있습니다. 지금 {n}자입니다.',
  'chat.membersButton': '대화상대',
  'chat.removed': '더 이상 이 대화방의 멤버가 아닙니다.',
  'chat.kicked': '“{name}” 대화방에서 내보내졌습니다.',
  'members.title': '대화상대',
  'members.owner': '방장',
  'members.you': '(나)',
  'members.invite': '초대하기',
  'members.kick': '내보내기',
  'members.makeOwner': '방장 넘기기',
  'members.leave': '나가기',
  'members.confirmLeave': '정말 나갈까요?',
  'members.close': '닫기',
  'members.online': '온라인',
  'members.offline': '오프라인',
  'newChat.title': '새 대화',
  'newChat.direct': '1:1 대화',
  'newChat.group': '그룹',
  'newChat.groupName': '그룹 이름',
  'newChat.search': '닉네임 또는 이메일로 찾기',
  'newChat.noResults': '찾는 사람이 없습니다.',
  'newChat.create': '그룹 만들기',
  'newChat.selected': '선택됨',
  'newChat.needName': '그룹 이름을 입력하세요.',
  'newChat.needPeople': '한 명 이상 선택하세요.',
  'invite.title': '대화상대 초대',
  'invite.submit': '초대하기',
  'dialog.close': '닫기',
  'error.dismiss': '닫기',
  'error.sessionEnded': '로그인이 만료되었습니다. 다시 로그인해 주세요.',
  'error.fields': '다음 항목을 확인해 주세요: {fields}.',
  'system.CREATED': '{actor}님이 {users}님과 대화방을 만들었습니다.',
  'system.more': '{users} 외 {n}명',
  'system.CREATED.alone': '{actor}님이 대화방을 만들었습니다.',
  'system.JOINED': '{actor}님이 {users}님을 초대했습니다.',
  'system.LEFT': '{users}님이 나갔습니다.',
  'system.KICKED': '{actor}님이 {users}님을 내보냈습니다.',
  'system.OWNER_CHANGED': '{users}님이 방장이 되었습니다.',
  listJoin: ', ',
};

// One sentence per ErrorCode, plus NETWORK (the request never reached the server) and UNKNOWN.
const errors = {
  en: {
    VALIDATION_FAILED: 'Some of what you entered is not valid. Please check it and try again.',
    MALFORMED_REQUEST: 'The app sent a request the server could not understand. Reload the page and try again.',
    CONTENT_TOO_LONG: 'That message is too long. Messages can be at most 4,000 characters.',
    INVALID_SEQ: 'That message position does not exist in this chat.',
    OPERATION_NOT_ALLOWED: 'That is not possible here.',
    UNAUTHENTICATED: 'You are not logged in. Please log in again.',
    INVALID_CREDENTIALS: 'Wrong email or password.',
    TOKEN_EXPIRED: 'Your login timed out. Please log in again.',
    REFRESH_TOKEN_INVALID: 'Your session has ended. Please log in again.',
    REFRESH_TOKEN_REUSED: 'For your safety this session was signed out because it was used elsewhere. Please log in again.',
    FORBIDDEN: 'You are not allowed to do that.',
    NOT_A_MEMBER: 'You are not a member of this chat.',
    NOT_OWNER: 'Only the chat’s owner can do that.',
    NOT_SENDER: 'You can only change your own messages.',
    NOT_FOUND: 'That could not be found.',
    USER_NOT_FOUND: 'That person could not be found.',
    ROOM_NOT_FOUND: 'This chat does not exist.',
    MESSAGE_NOT_FOUND: 'That message could not be found.',
    METHOD_NOT_ALLOWED: 'The server does not allow that action.',
    EMAIL_TAKEN: 'An account with this email already exists.',
    ALREADY_MEMBER: 'That person is already in this chat.',
    ROOM_FULL: 'This chat is full.',
    CLIENT_MSG_ID_REUSED: 'The app reused a message id from another chat. Reload the page and send it again.',
    ROOM_CLOSED: 'This chat has been closed.',
    PAYLOAD_TOO_LARGE: 'That is too large to send.',
    UNSUPPORTED_MEDIA_TYPE: 'The server cannot read this kind of data.',
    RATE_LIMITED: 'You are going too fast. Wait a moment and try again.',
    SERVER_BUSY: 'The server is busy right now. Please try again shortly.',
    INTERNAL_ERROR: 'Something went wrong on the server. Please try again.',
    SESSION_REVOKED: 'You were signed out (perhaps from another tab or device). Please log in again.',
    TOO_MANY_SESSIONS: 'You have Moim open in too many places. Close another tab or device and try again.',
    TOO_MANY_SUBSCRIPTIONS: 'Too many chats are open on this connection. Reload the page.',
    ALREADY_SUBSCRIBED: 'This chat is already open on this connection.',
    NETWORK: 'Cannot reach the server. Check your connection.',
    UNKNOWN: 'Something went wrong. Please try again.',
  },
  ko: {
    VALIDATION_FAILED: '입력한 내용 중 올바르지 않은 것이 있습니다. 확인 후 다시 시도해 주세요.',
    MALFORMED_REQUEST: '서버가 이해할 수 없는 요청입니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.',
    CONTENT_TOO_LONG: '메시지가 너무 깁니다. 메시지는 최대 4,000자까지 보낼 수 있습니다.',
    INVALID_SEQ: '이 대화방에 없는 메시지 위치입니다.',
    OPERATION_NOT_ALLOWED: '여기서는 할 수 없는 작업입니다.',
    UNAUTHENTICATED: '로그인되어 있지 않습니다. 다시 로그인해 주세요.',
    INVALID_CREDENTIALS: '이메일 또는 비밀번호가 올바르지 않습니다.',
    TOKEN_EXPIRED: '로그인 시간이 만료되었습니다. 다시 로그인해 주세요.',
    REFRESH_TOKEN_INVALID: '세션이 종료되었습니다. 다시 로그인해 주세요.',
    REFRESH_TOKEN_REUSED: '다른 곳에서 사용된 세션이라 안전을 위해 로그아웃되었습니다. 다시 로그인해 주세요.',
    FORBIDDEN: '이 작업을 할 권한이 없습니다.',
    NOT_A_MEMBER: '이 대화방의 멤버가 아닙니다.',
    NOT_OWNER: '방장만 할 수 있는 작업입니다.',
    NOT_SENDER: '내가 보낸 메시지만 바꿀 수 있습니다.',
    NOT_FOUND: '찾을 수 없습니다.',
    USER_NOT_FOUND: '그 사용자를 찾을 수 없습니다.',
    ROOM_NOT_FOUND: '존재하지 않는 대화방입니다.',
    MESSAGE_NOT_FOUND: '그 메시지를 찾을 수 없습니다.',
    METHOD_NOT_ALLOWED: '서버가 허용하지 않는 작업입니다.',
    EMAIL_TAKEN: '이미 가입된 이메일입니다.',
    ALREADY_MEMBER: '이미 이 대화방에 있는 사람입니다.',
    ROOM_FULL: '대화방 인원이 가득 찼습니다.',
    CLIENT_MSG_ID_REUSED: '다른 대화방에서 쓴 메시지 ID가 다시 쓰였습니다. 페이지를 새로 고친 뒤 다시 보내 주세요.',
    ROOM_CLOSED: '닫힌 대화방입니다.',
    PAYLOAD_TOO_LARGE: '보내기에는 너무 큽니다.',
    UNSUPPORTED_MEDIA_TYPE: '서버가 읽을 수 없는 형식입니다.',
    RATE_LIMITED: '너무 빠르게 보내고 있습니다. 잠시 후 다시 시도해 주세요.',
    SERVER_BUSY: '서버가 바쁩니다. 잠시 후 다시 시도해 주세요.',
    INTERNAL_ERROR: '서버에 문제가 생겼습니다. 다시 시도해 주세요.',
    SESSION_REVOKED: '로그아웃되었습니다(다른 탭이나 기기에서 로그아웃했을 수 있습니다). 다시 로그인해 주세요.',
    TOO_MANY_SESSIONS: 'Moim이 너무 많은 곳에서 열려 있습니다. 다른 탭이나 기기를 닫고 다시 시도해 주세요.',
    TOO_MANY_SUBSCRIPTIONS: '이 연결에서 열린 대화방이 너무 많습니다. 페이지를 새로 고쳐 주세요.',
    ALREADY_SUBSCRIBED: '이 연결에서 이미 열려 있는 대화방입니다.',
    NETWORK: '서버에 연결할 수 없습니다. 네트워크 연결을 확인해 주세요.',
    UNKNOWN: '문제가 생겼습니다. 다시 시도해 주세요.',
  },
};

const fieldNames = {
  en: { email: 'email', password: 'password', nickname: 'nickname', name: 'name', content: 'message' },
  ko: { email: '이메일', password: '비밀번호', nickname: '닉네임', name: '이름', content: '메시지' },
};

const dict = lang === 'ko' ? ko : en;

/** The text for key, with {placeholders} filled from params. */
export function t(key, params = {}) {
  const text = dict[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`));
}

/** A plain sentence for an error code (or an error carrying one). */
export function errorText(codeOrError) {
  const code = typeof codeOrError === 'string' ? codeOrError : codeOrError?.code;
  const table = errors[lang];
  let sentence = table[code] ?? table.UNKNOWN;
  // Name the fields the server refused, in the UI language, when it says which.
  const fields = typeof codeOrError === 'object' ? codeOrError?.fields : null;
  if (code === 'VALIDATION_FAILED' && fields && Object.keys(fields).length) {
    const names = Object.keys(fields).map((f) => fieldNames[lang][f] ?? f).join(dict.listJoin);
    sentence += ' ' + t('error.fields', { fields: names });
  }
  return sentence;
}

/** Every code the dictionaries cover (used by tests to check nothing is missing). */
export const errorCodes = Object.keys(errors.en);

const timeFormat = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
const shortDayFormat = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' });

// Intl throws a RangeError on an invalid date: a date we cannot read is shown as nothing, never as a crash.
const dateOf = (iso) => {
  const d = iso == null || iso === '' ? null : new Date(iso);
  return d && Number.isFinite(d.getTime()) ? d : null;
};

export const formatTime = (iso) => { const d = dateOf(iso); return d ? timeFormat.format(d) : ''; };
export const formatDay = (iso) => { const d = dateOf(iso); return d ? dayFormat.format(d) : ''; };

/** Room-list style: the time today, otherwise the date. */
export function formatWhen(iso) {
  const d = dateOf(iso);
  if (!d) return '';
  return d.toDateString() === new Date().toDateString() ? timeFormat.format(d) : shortDayFormat.format(d);
}
