#!/usr/bin/env python3
"""Does naive Bayes, the one Groceries method of docs/relevance.md ("Groceries and the 1.5 x bar")
that item-pair counts could serve, also help MovieLens?  (docs/relevance.md, same section)

Usage: python3 naive_bayes_movielens.py u1.train.jsonl u1.test.jsonl [smoothing ...]   (needs numpy)

The files are the ones `./rapport movielens ...` prints (see docs/relevance.md, "Commands"). Only
purchases count. An item is relevant when the customer bought it in the test part and not in
training; NDCG@10 (ideal over min(10, relevant)) and HR@10 are means over the customers with a
relevant item, as in `./rapport evaluate`; ties are broken by popularity, then by item name, never in
the customer's favour, so popularity and item-kNN differ slightly from `evaluate`'s figures.
Bernoulli naive Bayes: log P(j) + sum over owned i of log P(i|j) + sum over items not owned of
log(1 - P(i|j)), with P(i|j) = (both + a) / (buyers_j + 2a) from the exact pair counts.
"""
import collections
import json
import math
import sys

import numpy as np


def read(path):
    baskets = collections.defaultdict(set)
    for line in open(path):
        e = json.loads(line)
        if e["type"] == "purchase":
            baskets[e["customerId"]].update(i["itemId"] for i in e["items"])
    return baskets


train, test = read(sys.argv[1]), read(sys.argv[2])
smoothing = [float(a) for a in sys.argv[3:]] or [1.0, 10.0]
items = sorted({i for s in train.values() for i in s})
index = {x: k for k, x in enumerate(items)}
customers = list(train)
owned = np.zeros((len(customers), len(items)))
for r, c in enumerate(customers):
    for i in train[c]:
        owned[r, index[i]] = 1
relevant = {}
for r, c in enumerate(customers):
    new = {i for i in test.get(c, ()) if i not in train[c]}
    if new:
        relevant[r] = ({index[i] for i in new if i in index}, len(new))
both = owned.T @ owned
buyers = np.diag(both).copy()
np.fill_diagonal(both, 0)
order_by_name = np.arange(len(items))


def evaluate(score):
    ndcg = hits = 0
    for r, (hit_set, n) in relevant.items():
        s = score(r).astype(float)
        s[owned[r] > 0] = -np.inf
        top = np.lexsort((order_by_name, -buyers, -s))[:10]
        dcg = sum(1 / math.log2(k + 2) for k, j in enumerate(top) if j in hit_set)
        ndcg += dcg / sum(1 / math.log2(k + 2) for k in range(min(10, n)))
        hits += dcg > 0
    return ndcg / len(relevant), hits / len(relevant)


print(f"{len(relevant)} customers with a relevant item, {len(items)} items")
print("| scorer | NDCG@10 | HR@10 |\n|---|---:|---:|")
rows = {"popularity": lambda r: buyers,
        "item-kNN cosine": lambda r: owned[r] @ (both / np.sqrt(np.outer(buyers, buyers)))}
for a in smoothing:
    p = (both + a) / (buyers[None, :] + 2 * a)  # p[i, j] = P(i | j)
    present, absent = np.log(p), np.log(1 - p)
    np.fill_diagonal(present, 0)
    np.fill_diagonal(absent, 0)
    prior = np.log((buyers + a) / (len(customers) + 2 * a)) + absent.sum(axis=0)
    rows[f"naive Bayes (Bernoulli, add-{a:g})"] = (lambda pr, d: lambda r: pr + owned[r] @ d)(prior, present - absent)
for name, score in rows.items():
    ndcg, hr = evaluate(score)
    print(f"| {name} | {ndcg:.4f} | {hr:.4f} |")
