"""What the relevance scripts share: reading `./rapport movielens|groceries` event files into
baskets, the customer-by-item matrix, and NDCG@10 / HR@10 as `./rapport evaluate` computes them
(ties broken by popularity, then by item name, never in the customer's favour)."""
import collections
import json
import math
from datetime import datetime

import numpy as np


def read(path, dated=None):
    """Customer -> the set of items they bought; with a list `dated`, (epoch seconds, item ids) of
    every purchase is appended to it."""
    baskets = collections.defaultdict(set)
    for line in open(path):
        e = json.loads(line)
        if e["type"] == "purchase":
            ids = [i["itemId"] for i in e["items"]]
            baskets[e["customerId"]].update(ids)
            if dated is not None:
                dated.append((datetime.fromisoformat(e["timestamp"].replace("Z", "+00:00")).timestamp(), ids))
    return baskets


class Split:
    """A training and a test part: `owned` (customers x items, 0/1), `both` (pair counts, zero
    diagonal), `buyers` per item, and per test customer the relevant items (bought in the test part,
    not in training) with their number."""

    def __init__(self, train, test):
        self.items = sorted({i for s in train.values() for i in s})
        self.index = {x: k for k, x in enumerate(self.items)}
        self.customers = list(train)
        self.owned = np.zeros((len(self.customers), len(self.items)))
        for r, c in enumerate(self.customers):
            for i in train[c]:
                self.owned[r, self.index[i]] = 1
        self.relevant = {}
        for r, c in enumerate(self.customers):
            new = {i for i in test.get(c, ()) if i not in train[c]}
            if new:
                self.relevant[r] = ({self.index[i] for i in new if i in self.index}, len(new))
        self.both = self.owned.T @ self.owned
        self.buyers = np.diag(self.both).copy()
        np.fill_diagonal(self.both, 0)

    def evaluate(self, score):
        """Mean NDCG@10 and HR@10 over the test customers of `score(row)`, a score per item."""
        order_by_name = np.arange(len(self.items))
        ndcg = hits = 0
        for r, (hit_set, n) in self.relevant.items():
            s = score(r).astype(float)
            s[self.owned[r] > 0] = -np.inf
            top = np.lexsort((order_by_name, -self.buyers, -s))[:10]
            dcg = sum(1 / math.log2(k + 2) for k, j in enumerate(top) if j in hit_set)
            ndcg += dcg / sum(1 / math.log2(k + 2) for k in range(min(10, n)))
            hits += dcg > 0
        return ndcg / len(self.relevant), hits / len(self.relevant)
