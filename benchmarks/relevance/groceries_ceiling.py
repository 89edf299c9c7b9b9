#!/usr/bin/env python3
"""How far above popularity can any recommender get on the Groceries leave-one-item-out split?
(docs/relevance.md, "Groceries and the 1.5x bar")

Usage: python3 groceries_ceiling.py groceries.train.jsonl groceries.test.jsonl   (needs numpy only;
       about four minutes on one core)

The files are the ones `./rapport groceries ... --part train|test` prints. Every scorer ranks the
items a customer does not own; NDCG@10 and HR@10 are over the customers with a held-out item, as in
`./rapport evaluate`. Ties in a score are broken by popularity, then by item name (a short list is
filled with the most bought items), never in the customer's favour.

Three tables are printed:
1. legitimate methods, built from the training baskets only, at the best setting found (the
   settings were chosen on this test set, so they are slightly optimistic), then the other settings
   tried;
2. LEAKY rows, which see answers and are no methods: either other customers' held-out items
   ("others' answers": what complete baskets would add) or also the customer's own held-out item
   ("own answer"). They show how much the answers move each method; they are NOT upper bounds for
   a method class (a method that can memorise, such as basket-kNN with its own full basket among
   the neighbours, gains without limit);
3. the group oracle: test customers grouped by their exact remaining basket; within a group, every
   deterministic function of the remaining basket gives every member the same ranking, and no
   ranking beats the group's own held-out items sorted by their frequency in the group. On the
   customers of groups of size >= g that oracle is a true upper bound for any such method (it sees
   the answers, so it is loose for small groups); "group leave-one-out" ranks each customer by the
   other members' answers only.
"""
import collections
import sys

import numpy as np

from baskets import Split, read

train, test = read(sys.argv[1]), read(sys.argv[2])
split = Split(train, test)
items, index, customers, owned = split.items, split.index, split.customers, split.owned
held_out = {r: index[next(iter(test[c]))] for r, c in enumerate(customers)
            if c in test and next(iter(test[c])) in index}
rows = np.array(sorted(held_out))                 # training row of every test customer
targets = np.array([held_out[r] for r in rows])
basket = owned[rows]                              # their remaining baskets
n_baskets, n_items = owned.shape
complete = owned.copy()                           # the original baskets, answers included
complete[rows, targets] = 1

buyers = owned.sum(0)
tie_rank = np.empty(n_items, int)                 # 0 = most bought; ties by item name
tie_rank[np.lexsort((np.arange(n_items), -buyers))] = np.arange(n_items)
DISCOUNT = 1 / np.log2(np.arange(10) + 2)


def gains(scores):
    """Per test customer: 1/log2(rank + 2) when the held-out item is in the top 10, else 0."""
    s = np.array(scores, dtype=float)
    s = np.broadcast_to(s, basket.shape).copy() if s.ndim == 1 else s
    s[basket > 0] = -np.inf
    t = s[np.arange(len(rows)), targets][:, None]
    above = (s > t) | ((s == t) & (tie_rank[None, :] < tie_rank[targets][:, None]))
    rank = above.sum(1)
    return np.where(rank < 10, DISCOUNT[np.minimum(rank, 9)], 0.0)


def pair_counts(matrix):
    counts = matrix.T @ matrix
    count = np.diag(counts).copy()
    np.fill_diagonal(counts, 0)
    return counts, count


def naive_bayes(matrix, a):
    """log P(j) + sum over owned i of log P(i|j) + sum over the other items of log(1 - P(i|j))."""
    both, count = pair_counts(matrix)
    p = (both + a) / (count[None, :] + 2 * a)    # P(i | j): row i, column j
    absent = np.log(1 - p)
    np.fill_diagonal(absent, 0)                   # j itself is not evidence for j
    return np.log(count / len(matrix)) + basket @ np.log(p) + (1 - basket) @ absent


def ease(matrix, lam, leave_own_out=False):
    """EASE (Steck 2019): B = I - P diagMat(1/diag(P)), P = (X'X + lam I)^-1, diag(B) = 0.
    leave_own_out: each customer's own row of `matrix` is taken out of X'X (Sherman-Morrison)."""
    p = np.linalg.inv(matrix.T @ matrix + lam * np.eye(n_items))
    if not leave_own_out:
        b = -p / np.diag(p)[None, :]
        np.fill_diagonal(b, 0)
        return basket @ b
    x = matrix[rows]
    px = x @ p
    den = 1 - (px * x).sum(1, keepdims=True)
    return -(basket @ p + (basket * px).sum(1, keepdims=True) * px / den) / (np.diag(p)[None, :] + px ** 2 / den)


def basket_knn(matrix, ks, power, similarity="jaccard", exclude_own=True):
    """User-based CF: sum of sim^power * neighbour basket over the k most similar baskets of `matrix`."""
    m = matrix.astype(np.float32)
    size, own_size = m.sum(1), basket.sum(1)
    out = {k: np.zeros(basket.shape, np.float32) for k in ks}
    for start in range(0, len(rows), 1000):
        part = slice(start, start + 1000)
        inter = basket[part].astype(np.float32) @ m.T
        if similarity == "jaccard":
            sim = inter / (own_size[part][:, None] + size[None, :] - inter)
        else:
            sim = inter / np.sqrt(np.outer(own_size[part], np.maximum(size, 1)))
        if exclude_own:
            sim[np.arange(sim.shape[0]), rows[part]] = 0
        order = np.argsort(-sim, axis=1, kind="stable")
        for k in ks:
            nearest = order[:, :k]
            weight = np.take_along_axis(sim, nearest, 1) ** power
            out[k][part] = np.einsum("rk,rkn->rn", weight, m[nearest])
    return out


def triples(m_shrink):
    """Association rules with two-item antecedents: sum over owned pairs (i1, i2) of
    P(j | i1, i2), shrunk towards the mean of P(j | i1) and P(j | i2) with weight m_shrink."""
    both, count = pair_counts(owned)
    conf = both / count[:, None]
    joint = owned.T @ owned
    three = np.zeros((n_items, n_items, n_items))              # three[a, b, c]: baskets with a, b, c
    for a in range(n_items):
        with_a = owned[owned[:, a] > 0]
        three[a] = with_a.T @ with_a
    out = np.zeros(basket.shape)
    for q in range(len(rows)):
        mine = np.flatnonzero(basket[q])
        if len(mine) < 2:
            out[q] = conf[mine].sum(0)
            continue
        a, b = np.triu_indices(len(mine), 1)
        i1, i2 = mine[a], mine[b]
        out[q] = ((three[i1, i2] + m_shrink * (conf[i1] + conf[i2]) / 2)
                  / (joint[i1, i2][:, None] + m_shrink)).sum(0)
    return out


def softmax_leave_one_out(matrix, l2, steps=600, lr=0.05):
    """Multinomial logistic regression, trained the way the split is made: every item of every
    training basket of two or more is in turn the target, the rest of the basket the input
    (weight 1/basket size); owned items are masked out of the softmax. Full-batch Adam."""
    ctx, tgt, wt = [], [], []
    for r in np.flatnonzero(matrix.sum(1) >= 2):
        mine = np.flatnonzero(matrix[r])
        for j in mine:
            c = matrix[r].copy()
            c[j] = 0
            ctx.append(c)
            tgt.append(j)
            wt.append(1 / len(mine))
    ctx, tgt = np.array(ctx, np.float32), np.array(tgt)
    wt = np.array(wt, np.float32)[:, None] / sum(wt)
    onehot = np.zeros(ctx.shape, np.float32)
    onehot[np.arange(len(tgt)), tgt] = 1
    params = [np.log(matrix.sum(0) + 1).astype(np.float32), np.zeros((n_items, n_items), np.float32)]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        z = np.where(ctx > 0, -1e9, params[0] + ctx @ params[1])
        z -= z.max(1, keepdims=True)
        prob = np.exp(z)
        prob /= prob.sum(1, keepdims=True)
        d = (prob - onehot) * wt
        grads = [d.sum(0), ctx.T @ d + l2 * params[1]]
        for p, g, a, v in zip(params, grads, m1, m2):
            a *= 0.9
            a += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= lr * (a / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return params[0] + basket.astype(np.float32) @ params[1]


both, _ = pair_counts(owned)
conf = both / buyers[:, None]
mean_conf = (basket @ conf) / np.maximum(basket.sum(1, keepdims=True), 1)
share = buyers / n_baskets
knn = basket_knn(owned, [10, 50, 200, 1000, n_baskets], 3)
knn1 = basket_knn(owned, [10, 50, 200, 1000, n_baskets], 1)
knn_cos = basket_knn(owned, [10, 50, 200, 1000, n_baskets], 1, "cosine")
ease_lambdas = [10, 100, 500, 1000, 2000]
ease_all = {lam: gains(ease(owned, lam)) for lam in ease_lambdas}
g = {
    "popularity": gains(buyers),
    "item-kNN cosine": gains(basket @ (both / np.sqrt(np.outer(buyers, buyers)))),
    "association rules, summed confidence P(j|i)": gains(basket @ conf),
    "association rules, summed lift P(j|i)/P(j)": gains(basket @ (conf / share[None, :])),
    "association rules, triples: summed P(j|i1,i2) over owned pairs, shrunk to P(j|i) (m = 20)": gains(triples(20)),
    "blend 0.25 P(j) + 0.75 mean P(j|i)": gains(0.25 * share + 0.75 * mean_conf),
    "blend 0.5 P(j) + 0.5 mean P(j|i)": gains(0.5 * share + 0.5 * mean_conf),
    "naive Bayes (Bernoulli, add-10 smoothing)": gains(naive_bayes(owned, 10)),
    "EASE, lambda = 1000": ease_all[1000],
    "basket-kNN (user-based), Jaccard^3, k = 1000": gains(knn[1000]),
    "softmax regression trained leave-one-item-out on the training baskets (L2 3e-4)": gains(softmax_leave_one_out(owned, 3e-4)),
}
baseline = g["popularity"].mean()
print(f"{len(rows)} customers with a held-out item, {n_items} items\n")
print("| method | NDCG@10 | HR@10 | vs popularity |\n|---|---:|---:|---:|")
for name, v in g.items():
    print(f"| {name} | {v.mean():.4f} | {(v > 0).mean():.4f} | {v.mean() / baseline:.2f}x |")
print("\nother settings (NDCG@10):")
print("  EASE lambda: " + ", ".join(f"{lam} {v.mean():.4f}" for lam, v in ease_all.items()))
for label, runs in [("Jaccard^3", knn), ("Jaccard", knn1), ("cosine", knn_cos)]:
    print(f"  basket-kNN {label}, k: " + ", ".join(
        f"{'all' if k == n_baskets else k} {gains(s).mean():.4f}" for k, s in runs.items()))
print("  naive Bayes smoothing: " + ", ".join(f"{a} {gains(naive_bayes(owned, a)).mean():.4f}" for a in [1, 5, 10, 50]))
print("  triples shrinkage m: " + ", ".join(f"{m} {gains(triples(m)).mean():.4f}" for m in [1, 5]))

leaky_both, leaky_buyers = pair_counts(complete)
leaky = {
    "LEAKY (others' answers) EASE, lambda = 1000": gains(ease(complete, 1000, leave_own_out=True)),
    "LEAKY (others' answers) basket-kNN, Jaccard^3, k = 1000": gains(basket_knn(complete, [1000], 3)[1000]),
    "LEAKY (own answer) summed confidence": gains(basket @ (leaky_both / leaky_buyers[:, None])),
    "LEAKY (own answer) naive Bayes (add-10)": gains(naive_bayes(complete, 10)),
    "LEAKY (own answer) EASE, lambda = 1000": gains(ease(complete, 1000)),
    "LEAKY (own answer) EASE, lambda = 10": gains(ease(complete, 10)),
    "LEAKY (own answer) basket-kNN, Jaccard^3, k = 1000, own full basket a neighbour":
        gains(basket_knn(complete, [1000], 3, exclude_own=False)[1000]),
}
print("\n| leaky scorer (sees answers; not a method) | NDCG@10 | HR@10 | vs popularity |\n|---|---:|---:|---:|")
for name, v in leaky.items():
    print(f"| {name} | {v.mean():.4f} | {(v > 0).mean():.4f} | {v.mean() / baseline:.2f}x |")

groups = collections.defaultdict(list)
for q in range(len(rows)):
    groups[tuple(np.flatnonzero(basket[q]))].append(q)
oracle, group_loo, group_size = (np.zeros(len(rows)) for _ in range(3))
for mine, members in groups.items():
    count = collections.Counter(targets[members])
    order = sorted(count, key=lambda j: (-count[j], tie_rank[j]))
    position = {j: k for k, j in enumerate(order)}
    for q in members:
        group_size[q] = len(members)
        k = position[targets[q]]
        oracle[q] = DISCOUNT[k] if k < 10 else 0
        s = np.zeros(n_items)                     # the other members' answers
        for j, c in count.items():
            s[j] = c - (j == targets[q])
        s[list(mine)] = -np.inf
        t = targets[q]
        k = ((s > s[t]) | ((s == s[t]) & (tie_rank < tie_rank[t]))).sum()
        group_loo[q] = DISCOUNT[k] if k < 10 else 0
best = "softmax regression trained leave-one-item-out on the training baskets (L2 3e-4)"
print(f"\n{len(groups)} distinct remaining baskets among the {len(rows)} customers")
print("| customers in groups of size | customers | popularity | softmax (legitimate) "
      "| group leave-one-out (others' answers) | group oracle (upper bound) | oracle / popularity |")
print("|---|---:|---:|---:|---:|---:|---:|")
for size in [1, 2, 5, 20, 100]:
    s = group_size >= size
    pop = g["popularity"][s].mean()
    print(f"| >= {size} | {s.sum()} | {pop:.4f} | {g[best][s].mean():.4f} ({g[best][s].mean() / pop:.2f}x) "
          f"| {group_loo[s].mean():.4f} ({group_loo[s].mean() / pop:.2f}x) | {oracle[s].mean():.4f} "
          f"| {oracle[s].mean() / pop:.2f}x |")
