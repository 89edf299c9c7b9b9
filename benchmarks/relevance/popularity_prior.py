#!/usr/bin/env python3
"""Would a popularity prior added to Rapport's neighbour score lift Groceries without costing the
MovieLens splits?  (docs/relevance.md, "Groceries and the 1.5 x bar")

Usage: python3 popularity_prior.py TRAIN.jsonl TEST.jsonl [weight ...]   (needs numpy; a minute)

The files are the ones `./rapport movielens|groceries ...` prints (docs/relevance.md, "Commands").
Only purchases count; relevance, NDCG@10, HR@10 and the tie rule (popularity, then item name, never
in the customer's favour) are those of naive_bayes_movielens.py.

"neighbour score" approximates Rapport's default scoring without categories: for every owned item,
its cosines divided by its strongest, to the power 1.5, divided by their sum (the list mass), summed
over the owned items. Unlike production it uses each item's whole row of pairs, not the 100
published neighbours plus the candidates' own lists, so it scores a little below `evaluate`.
"+ prior w" adds w times the candidate's share of all purchases: a prior worth w owned items, which
weighs most for customers with few items. "recent" takes the shares from the last 30 days of
training event time, as Rapport's recent-popular lists do.
"""
import sys

import numpy as np

from baskets import Split, read

dated = []
split = Split(read(sys.argv[1], dated), read(sys.argv[2]))
weights = [float(w) for w in sys.argv[3:]] or [0.3, 1.0]
owned, both, buyers = split.owned, split.both, split.buyers

cosine = both / np.sqrt(np.outer(np.maximum(buyers, 1), np.maximum(buyers, 1)))
strongest = cosine.max(axis=1, keepdims=True)
powered = (cosine / np.where(strongest > 0, strongest, 1)) ** 1.5
mass = powered.sum(axis=1, keepdims=True)
spread = powered / np.where(mass > 0, mass, 1)        # every owned item spreads a weight of 1
newest = max(t for t, _ in dated)
recent = np.zeros(len(split.items))
for t, ids in dated:
    if t >= newest - 30 * 86_400:
        for i in ids:
            recent[split.index[i]] += 1
shares = {"": buyers / buyers.sum(), "recent ": recent / recent.sum()}

print(f"{len(split.relevant)} customers with a relevant item, {len(split.items)} items")
print("| scorer | NDCG@10 | HR@10 |\n|---|---:|---:|")
rows = {"popularity": lambda r: buyers,
        "item-kNN cosine": lambda r: owned[r] @ cosine,
        "neighbour score": lambda r: owned[r] @ spread}
for label, share in shares.items():
    for w in weights:
        rows[f"neighbour score + {label}prior {w:g}"] = (lambda p: lambda r: owned[r] @ spread + p)(w * share)
for name, score in rows.items():
    ndcg, hr = split.evaluate(score)
    print(f"| {name} | {ndcg:.4f} | {hr:.4f} |")
