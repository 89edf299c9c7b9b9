package io.rapport.rank;

import java.util.Arrays;
import java.util.Map;

/**
 * The scores of one request's candidates, in one thread's arrays indexed by dense item id ({@link
 * ItemIds}) and reused by every request of that thread: each candidate's summed score, the source
 * that contributed most (its reason) with that pair's evidence, the owned items and the sources.
 * An entry belongs to the current request when its mark equals {@link #generation}, so nothing is
 * cleared between requests. Not thread-safe: the recommender keeps one per thread.
 */
final class CandidateScores {
    int generation;
    int[] owned = new int[0];
    int[] candidateMark = new int[0];
    int[] sourceMark = new int[0];
    int[] sourceIndex = new int[0];
    double[] score = new double[0];
    double[] bestContribution = new double[0];
    int[] because = new int[0];
    long[] both = new long[0];
    double[] cosine = new double[0];
    boolean[] coViewed = new boolean[0];
    int[] candidates = new int[64];
    int candidateCount;
    ScoredNeighbours[] sources = new ScoredNeighbours[16];
    double[] sourceWeights = new double[16];
    SourceKind[] sourceKinds = new SourceKind[16];
    int sourceCount;
    private int[] heap = new int[64];
    /** {@link System#nanoTime} at the start of the request. */
    long now;

    private double[] categoryShare = new double[16];
    private int[] categoryMark = new int[16];

    void start() {
        now = System.nanoTime();
        if (++generation == Integer.MAX_VALUE) {
            generation = 1;
            Arrays.fill(owned, 0);
            Arrays.fill(candidateMark, 0);
            Arrays.fill(sourceMark, 0);
            Arrays.fill(categoryMark, 0);
        }
        candidateCount = 0;
        Arrays.fill(sources, 0, sourceCount, null);
        sourceCount = 0;
    }

    void ensure(int items) {
        if (items <= score.length) {
            return;
        }
        int size = Math.max(items, score.length * 2);
        owned = Arrays.copyOf(owned, size);
        candidateMark = Arrays.copyOf(candidateMark, size);
        sourceMark = Arrays.copyOf(sourceMark, size);
        sourceIndex = Arrays.copyOf(sourceIndex, size);
        score = Arrays.copyOf(score, size);
        bestContribution = Arrays.copyOf(bestContribution, size);
        because = Arrays.copyOf(because, size);
        both = Arrays.copyOf(both, size);
        cosine = Arrays.copyOf(cosine, size);
        coViewed = Arrays.copyOf(coViewed, size);
    }

    int addSource(ScoredNeighbours item, double weight, SourceKind kind) {
        if (sourceCount == sources.length) {
            sources = Arrays.copyOf(sources, sourceCount * 2);
            sourceWeights = Arrays.copyOf(sourceWeights, sourceCount * 2);
            sourceKinds = Arrays.copyOf(sourceKinds, sourceCount * 2);
        }
        sources[sourceCount] = item;
        sourceWeights[sourceCount] = weight;
        sourceKinds[sourceCount] = kind;
        sourceMark[item.id()] = generation;
        sourceIndex[item.id()] = sourceCount;
        return sourceCount++;
    }

    /** Takes the request's category shares by category id. */
    void shares(Map<String, Double> shares, ItemCategories categories) {
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            int category = categories.idOf(e.getKey());
            if (category >= categoryMark.length) {
                categoryMark = Arrays.copyOf(categoryMark, Math.max(category + 1, categoryMark.length * 2));
                categoryShare = Arrays.copyOf(categoryShare, categoryMark.length);
            }
            categoryMark[category] = generation;
            categoryShare[category] = e.getValue();
        }
    }

    /** The request's share of a category id, 0 for none or a category the customer has no share of. */
    double share(int category) {
        return category >= 0 && category < categoryMark.length && categoryMark[category] == generation
                ? categoryShare[category]
                : 0;
    }

    /**
     * Adds a contribution; the source that contributed most is the candidate's reason, with the
     * evidence of that contribution ({@code coViewedPair}: a co-view, not a co-purchase).
     */
    void add(int c, double contribution, int source, long pairCount, double pairCosine, boolean coViewedPair) {
        if (candidateMark[c] != generation) {
            candidateMark[c] = generation;
            score[c] = 0;
            bestContribution[c] = -1;
            if (candidateCount == candidates.length) {
                candidates = Arrays.copyOf(candidates, candidateCount * 2);
            }
            candidates[candidateCount++] = c;
        }
        score[c] += contribution;
        if (contribution > bestContribution[c]) {
            bestContribution[c] = contribution;
            because[c] = source;
            both[c] = pairCount;
            cosine[c] = pairCosine;
            coViewed[c] = coViewedPair;
        }
    }

    /** Score desc, then itemId: negative when candidate a ranks before b. */
    private int compare(int a, int b, ItemIds names) {
        int byScore = Double.compare(score[b], score[a]);
        return byScore != 0 ? byScore : names.name(a).compareTo(names.name(b));
    }

    /**
     * The best {@code k} of the first {@code n} ids, best first: a bounded heap with the worst
     * kept at its root, O(n log k).
     */
    int[] best(int[] from, int n, int k, ItemIds names) {
        int size = 0;
        int needed = Math.min(k, n);
        if (heap.length < needed) {
            heap = new int[Math.max(needed, heap.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            int c = from[i];
            if (size < k) {
                heap[size] = c;
                siftUp(size++, names);
            } else if (k > 0 && compare(c, heap[0], names) < 0) {
                heap[0] = c;
                siftDown(0, size, names);
            }
        }
        int[] sorted = new int[size];
        for (int i = size - 1; i >= 0; i--) {
            sorted[i] = heap[0];
            heap[0] = heap[i];
            siftDown(0, i, names);
        }
        return sorted;
    }

    private void siftUp(int i, ItemIds names) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (compare(heap[i], heap[parent], names) <= 0) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i, int size, ItemIds names) {
        while (true) {
            int worst = i;
            int left = 2 * i + 1;
            if (left < size && compare(heap[left], heap[worst], names) > 0) {
                worst = left;
            }
            if (left + 1 < size && compare(heap[left + 1], heap[worst], names) > 0) {
                worst = left + 1;
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int i, int j) {
        int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
