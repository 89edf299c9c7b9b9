#!/usr/bin/env python3
"""How far above popularity can a pairwise co-occurrence recommender get on the Groceries
leave-one-item-out split?  (docs/relevance.md, "Groceries and the 1.5x bar")

Usage: python3 groceries_ceiling.py groceries.train.jsonl groceries.test.jsonl   (needs numpy)

The files are the ones `./rapport groceries ... --part train|test` prints. Every scorer ranks the
items a customer does not own; NDCG@10 and HR@10 are over the customers with a held-out item, as in
`./rapport evaluate`. The LEAKY rows count the held-out items too, i.e. they see the answers: an
upper bound for any scorer built on pair counts, not a method.
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
        baskets[e["customerId"]].update(i["itemId"] for i in e["items"])
    return baskets


train, test = read(sys.argv[1]), read(sys.argv[2])
items = sorted({i for s in train.values() for i in s})
index = {x: k for k, x in enumerate(items)}
customers = list(train)
owned = np.zeros((len(customers), len(items)))
for r, c in enumerate(customers):
    for i in train[c]:
        owned[r, index[i]] = 1
held_out = {r: index[next(iter(test[c]))] for r, c in enumerate(customers)
            if c in test and next(iter(test[c])) in index}


def evaluate(score):
    ndcg = hits = 0
    for r, target in held_out.items():
        s = score(r).astype(float)
        s[owned[r] > 0] = -np.inf
        rank = int((s > s[target]).sum())
        if rank < 10:
            ndcg += 1 / math.log2(rank + 2)
            hits += 1
    return ndcg / len(held_out), hits / len(held_out)


def pair_counts(matrix):
    counts = matrix.T @ matrix
    buyers = np.diag(counts).copy()
    np.fill_diagonal(counts, 0)
    return counts, buyers


both, buyers = pair_counts(owned)
with_answers = owned.copy()
for r, target in held_out.items():
    with_answers[r, target] = 1
both_leaky, buyers_leaky = pair_counts(with_answers)

scorers = {
    "popularity": lambda r: buyers,
    "item-kNN cosine": lambda r: owned[r] @ (both / np.sqrt(np.outer(buyers, buyers))),
    "association rules, summed confidence P(j|i)": lambda r: owned[r] @ (both / buyers[:, None]),
    "LEAKY summed confidence (sees the held-out items)": lambda r: owned[r] @ (both_leaky / buyers_leaky[:, None]),
}
baseline = evaluate(scorers["popularity"])[0]
print(f"{len(held_out)} customers with a held-out item, {len(items)} items")
print("| scorer | NDCG@10 | HR@10 | vs popularity |\n|---|---:|---:|---:|")
for name, score in scorers.items():
    ndcg, hr = evaluate(score)
    print(f"| {name} | {ndcg:.4f} | {hr:.4f} | {ndcg / baseline:.2f}x |")
