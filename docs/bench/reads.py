# Times history reads the way a client makes them, one request at a time: the newest page of 50 (50 times), 50
# older pages of 50 from the middle of the room, and a full catch-up from afterSeq=0 in pages of <page>, checking
# every seq. Logs in as the first user of a moim-bench state file and reads that user's first room.
#   python3 docs/bench/reads.py http://127.0.0.1:18080 /tmp/moim-bench-work/template-state.json 200
import json, time, urllib.request, statistics, sys
base = sys.argv[1]; state = json.load(open(sys.argv[2])); page = int(sys.argv[3])
def call(method, path, token=None, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={'Content-Type': 'application/json', **({'Authorization': 'Bearer ' + token} if token else {})})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b'{}')
u = state['users'][0]
token = call('POST', '/api/v1/auth/login', body={'email': u['email'], 'password': u['password']})['accessToken']
room = call('GET', '/api/v1/rooms', token)[0]
rid = room['id']; print('room', rid, 'lastSeq', room['lastSeq'])
newest = []
for i in range(50):
    t = time.perf_counter(); p = call('GET', f'/api/v1/rooms/{rid}/messages?limit=50', token); newest.append((time.perf_counter() - t) * 1000)
older = []
before = room['lastSeq'] // 2
for i in range(50):
    t = time.perf_counter(); p = call('GET', f'/api/v1/rooms/{rid}/messages?beforeSeq={before - i * 50}&limit=50', token); older.append((time.perf_counter() - t) * 1000)
    assert len(p['messages']) == 50
print('newest 50: p50 %.1f ms, max %.1f ms' % (statistics.median(newest), max(newest)))
print('an older page of 50 (middle of the room): p50 %.1f ms, max %.1f ms' % (statistics.median(older), max(older)))
t = time.perf_counter(); after = 0; n = 0; pages = 0
while True:
    p = call('GET', f'/api/v1/rooms/{rid}/messages?afterSeq={after}&limit={page}', token); pages += 1
    for m in p['messages']:
        assert m['seq'] == after + 1, (m['seq'], after); after = m['seq']; n += 1
    if not p['hasMore'] or not p['messages']: break
print('catch-up from 0: %d messages in %d pages of %d, %.1f s' % (n, pages, page, time.perf_counter() - t))
