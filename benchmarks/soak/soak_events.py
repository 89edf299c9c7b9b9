#!/usr/bin/env python3
"""A synthetic shop for soak runs: about 400,000 events over 50,000 customers and 3,000 items in 30
categories (Zipf-like popularity), with views, carts, purchases, searches, feedback, profile updates,
offer events, about 3 % exact duplicates resent later, and 300 erases (half of those customers come
back; 20 erases are resent). Deterministic (seeded).

    python3 benchmarks/soak/soak_events.py OUT_DIR
    ./rapport replay OUT_DIR/events.jsonl --to http://127.0.0.1:8080

Writes OUT_DIR/events.jsonl and OUT_DIR/meta.json (the erased, returning and resent-erase customers).
"""
import json, random, bisect, itertools, math, os, sys
from datetime import datetime, timezone, timedelta

OUT = sys.argv[1] if len(sys.argv) > 1 else '.'
os.makedirs(OUT, exist_ok=True)
R = random.Random(20261205)
N_CUST = 50000
N_ITEMS = 3000
N_CAT = 30
N_BASE = 385000  # base events (before dups / special)
START = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)
END = datetime(2026, 12, 5, 9, 30, tzinfo=timezone.utc)
SPAN_MS = int((END - START).total_seconds() * 1000)

def iso(ms):
    t = START + timedelta(milliseconds=ms)
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)

items = ['i-%04d' % i for i in range(N_ITEMS)]
cats = ['cat-%02d' % c for c in range(N_CAT)]
item_cat = {it: cats[R.randrange(N_CAT)] for it in items}
item_price = {it: round(R.choice([0.99, 1.5, 2.49, 4.99, 9.99, 19.99, 49.0, 129.95, 0.0 if R.random() < 0.01 else 3.33]) * (1 + R.random()), 2) for it in items}
# zipf item popularity
perm = items[:]
R.shuffle(perm)
iw = [1.0 / (r + 1) ** 1.05 for r in range(N_ITEMS)]
icum = list(itertools.accumulate(iw))
def pick_item():
    return perm[bisect.bisect(icum, R.random() * icum[-1])]
custs = ['c-%05d' % i for i in range(N_CUST)]
cw = [1.0 / (r + 1) ** 0.6 for r in range(N_CUST)]
cperm = custs[:]
R.shuffle(cperm)
ccum = list(itertools.accumulate(cw))
def pick_cust():
    return cperm[bisect.bisect(ccum, R.random() * ccum[-1])]

seq = itertools.count(1)
def eid():
    return 'e-%07d' % next(seq)
order_seq = itertools.count(1)

carts = {}  # customer -> {item: qty}  (for plausible removes)
offers = ['offer-a', 'offer-b', 'offer-c']
words = ['milk', 'shoes', 'red dress', 'laptop', 'coffee', 'tv', 'socks', 'garden hose']

def item_line(it, qty=None, price=True):
    d = {'itemId': it, 'category': item_cat[it]}
    if price:
        d['price'] = item_price[it]
    if qty is not None:
        d['quantity'] = qty
    return d

def make_event(c, ms, typ=None):
    r = R.random() if typ is None else None
    base = {'eventId': eid(), 'customerId': c, 'timestamp': iso(ms), 'channel': R.choice(['web', 'app'])}
    if typ is None:
        if r < 0.52: typ = 'view'
        elif r < 0.63: typ = 'add_to_cart'
        elif r < 0.66: typ = 'remove_from_cart'
        elif r < 0.79: typ = 'purchase'
        elif r < 0.88: typ = 'search'
        elif r < 0.90: typ = 'feedback'
        elif r < 0.92: typ = 'profile_update'
        elif r < 0.96: typ = 'offer_impression'
        elif r < 0.985: typ = 'offer_click'
        else: typ = 'offer_redeem'
    base['type'] = typ
    cart = carts.setdefault(c, {})
    if typ == 'view':
        base['items'] = [item_line(pick_item())]
        base['sessionId'] = 's-' + c
    elif typ == 'add_to_cart':
        it = pick_item()
        q = R.choice([1, 1, 1, 2, 3])
        base['items'] = [item_line(it, q)]
        cart[it] = cart.get(it, 0) + q
    elif typ == 'remove_from_cart':
        if cart and R.random() < 0.85:
            it = R.choice(sorted(cart))
        else:
            it = pick_item()
        q = 1
        base['items'] = [item_line(it, q)]
        if it in cart:
            cart[it] -= 1
            if cart[it] <= 0:
                del cart[it]
    elif typ == 'purchase':
        n = min(8, max(1, int(R.expovariate(1 / 2.5)) + 1))
        chosen = []
        if cart and R.random() < 0.6:
            chosen = sorted(cart)[:n]
        while len(chosen) < n:
            it = pick_item()
            if it not in chosen:
                chosen.append(it)
        base['orderId'] = 'o-%07d' % next(order_seq)
        base['items'] = [item_line(it, R.choice([1, 1, 1, 2, 3, 5])) for it in chosen]
        for it in chosen:
            cart.pop(it, None)
    elif typ == 'search':
        base['query'] = R.choice(words)
    elif typ == 'feedback':
        base['rating'] = R.randint(1, 5)
        if R.random() < 0.5:
            base['itemId'] = pick_item()
        if R.random() < 0.3:
            base['comment'] = 'ok ' + R.choice(words)
    elif typ == 'profile_update':
        base['attributes'] = {'tier': R.choice(['gold', 'silver', 'bronze']), 'marketingConsent': R.random() < 0.5,
                              'birthday': '19%02d-%02d-%02d' % (R.randint(50, 99), R.randint(1, 12), R.randint(1, 28))}
    elif typ.startswith('offer_'):
        base['offerId'] = R.choice(offers)
    return base

# base timeline: strictly increasing timestamps
times = sorted(R.sample(range(SPAN_MS), N_BASE + 20000))
tpos = 0
stream = []  # list of (ms, event)
erase_t = {}
# choose erased customers: 300 among moderately active
erased = R.sample(cperm[:20000], 300)
erased_set = set(erased)
for c in erased:
    erase_t[c] = R.randint(int(SPAN_MS * 0.3), int(SPAN_MS * 0.8))
returners = set(erased[:150])  # these get new events after the erase
dup_erase = set(erased[:20])   # these get their erase event re-sent after their new events

for i in range(N_BASE):
    ms = times[i]
    c = pick_cust()
    if c in erased_set and ms > erase_t[c] and c not in returners:
        continue  # erased, never comes back
    stream.append((ms, make_event(c, ms)))

# guaranteed pre-erase activity & post-erase activity for erased customers
for c in erased:
    te = erase_t[c]
    for k in range(6):
        ms = R.randint(0, te - 1000)
        stream.append((ms, make_event(c, ms, 'purchase' if k < 2 else None)))
    stream.append((te, {'eventId': eid(), 'type': 'erase', 'customerId': c, 'timestamp': iso(te)}))
    if c in returners:
        for k in range(4):
            ms = R.randint(te + 2000, SPAN_MS - 1)
            stream.append((ms, make_event(c, ms, 'purchase' if k < 1 else None)))

# items bought / viewed only by erased customers (must disappear)
ghost = ['ghost-%02d' % g for g in range(10)]
for g in ghost:
    item_cat[g] = 'cat-ghost'
    item_price[g] = 5.0
nonret = [c for c in erased if c not in returners]
for gi, g in enumerate(ghost):
    c1, c2 = nonret[gi * 2], nonret[gi * 2 + 1]
    for c in (c1, c2):
        ms = R.randint(0, erase_t[c] - 1000)
        e = make_event(c, ms, 'purchase')
        e['items'].append(item_line(g, 1))
        stream.append((ms, e))
        ms2 = R.randint(0, erase_t[c] - 1000)
        e2 = make_event(c, ms2, 'view')
        e2['items'] = [item_line(g)]
        stream.append((ms2, e2))

# heavy buyers: exceed 200 distinct bought items (pair cap)
heavy = ['c-heavy-%d' % h for h in range(5)]
for h in heavy:
    for k in range(45):
        ms = R.randint(0, SPAN_MS - 1)
        e = make_event(h, ms, 'purchase')
        e['items'] = [item_line(items[R.randrange(N_ITEMS)], 1) for _ in range(8)]
        # distinct within order
        seen = set(); its = []
        for l in e['items']:
            if l['itemId'] not in seen:
                seen.add(l['itemId']); its.append(l)
        e['items'] = its
        stream.append((ms, e))
# heavy viewers: exceed 500 distinct viewed items
heavyv = ['c-viewer-%d' % h for h in range(3)]
for h in heavyv:
    for k in range(700):
        ms = R.randint(0, SPAN_MS - 1)
        e = make_event(h, ms, 'view')
        e['items'] = [item_line(items[R.randrange(N_ITEMS)])]
        stream.append((ms, e))

stream.sort(key=lambda x: x[0])
# make timestamps globally unique (nudging)
last = -1
fixed = []
for ms, e in stream:
    if ms <= last:
        ms = last + 1
        e['timestamp'] = iso(ms)
    last = ms
    fixed.append((ms, e))
stream = fixed
# re-check erase ordering: post-erase events must be after erase
lines = [json.dumps(e, separators=(',', ':')) for _, e in stream]
evs = [e for _, e in stream]

# duplicates ~3%: exact same line re-sent later in the stream (not erase events)
n = len(lines)
cands = [i for i in range(n) if evs[i]['type'] != 'erase']
dups = R.sample(cands, int(0.03 * n))
inserts = []
for i in dups:
    j = R.randint(i + 1, min(n, i + 60000))
    inserts.append((j, i))
# forced: duplicates of pre-erase events of erased customers, re-sent after their erase
erase_pos = {evs[i]['customerId']: i for i in range(n) if evs[i]['type'] == 'erase'}
cust_pos = {}
for i in range(n):
    cust_pos.setdefault(evs[i]['customerId'], []).append(i)
for c in erased:
    pre = [i for i in cust_pos[c] if i < erase_pos[c] and evs[i]['type'] in ('purchase', 'view')]
    for i in pre[:2]:
        inserts.append((erase_pos[c] + R.randint(1, 5000), i))
# forced: erase duplicates after the returners' new events
for c in dup_erase:
    lastpos = max(cust_pos[c])
    inserts.append((lastpos + 1 + R.randint(0, 2000), erase_pos[c]))
inserts.sort()
out = []
k = 0
for pos in range(n + 1):
    while k < len(inserts) and inserts[k][0] == pos:
        out.append(lines[inserts[k][1]])
        k += 1
    if pos < n:
        out.append(lines[pos])
while k < len(inserts):
    out.append(lines[inserts[k][1]]); k += 1
with open(os.path.join(OUT, 'events.jsonl'), 'w') as f:
    f.write('\n'.join(out) + '\n')
json.dump({'erased': erased, 'returners': sorted(returners), 'dup_erase': sorted(dup_erase), 'ghost': ghost,
           'heavy': heavy, 'heavyv': heavyv, 'n_lines': len(out), 'n_unique': n},
          open(os.path.join(OUT, 'meta.json'), 'w'))
print(len(out), n)
