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
import sys

import numpy as np

from baskets import Split, read

split = Split(read(sys.argv[1]), read(sys.argv[2]))
smoothing = [float(a) for a in sys.argv[3:]] or [1.0, 10.0]
owned, both, buyers = split.owned, split.both, split.buyers

print(f"{len(split.relevant)} customers with a relevant item, {len(split.items)} items")
print("| scorer | NDCG@10 | HR@10 |\n|---|---:|---:|")
rows = {"popularity": lambda r: buyers,
        "item-kNN cosine": lambda r: owned[r] @ (both / np.sqrt(np.outer(buyers, buyers)))}
for a in smoothing:
    p = (both + a) / (buyers[None, :] + 2 * a)  # p[i, j] = P(i | j)
    present, absent = np.log(p), np.log(1 - p)
    np.fill_diagonal(present, 0)
    np.fill_diagonal(absent, 0)
    prior = np.log((buyers + a) / (len(split.customers) + 2 * a)) + absent.sum(axis=0)
    rows[f"naive Bayes (Bernoulli, add-{a:g})"] = (lambda pr, d: lambda r: pr + owned[r] @ d)(prior, present - absent)
for name, score in rows.items():
    ndcg, hr = split.evaluate(score)
    print(f"| {name} | {ndcg:.4f} | {hr:.4f} |")
