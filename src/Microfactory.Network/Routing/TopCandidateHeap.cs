namespace Microfactory.Network.Routing;

/// <summary>A candidate as the scan saw it: enough to rebuild its score components for the few that are kept.</summary>
internal readonly record struct ScoredCell(CellLocation Cell, double Score, double DistanceKm, long BacklogTicks, bool DesignInstalled);

/// <summary>
/// Keeps the best N candidates in a fixed buffer as a max-heap whose root is the worst kept, so each further
/// candidate costs one comparison unless it beats that root. Order: score, then distance, then site id, then
/// cell id (ordinal), so equal scores always rank the same way.
/// </summary>
internal ref struct TopCandidateHeap
{
    private readonly Span<ScoredCell> _items;
    private readonly List<CapabilityBucket> _buckets;
    private readonly ReadOnlySpan<SiteRow> _sites;
    private int _count;

    public TopCandidateHeap(Span<ScoredCell> buffer, List<CapabilityBucket> buckets, ReadOnlySpan<SiteRow> sites)
    {
        _items = buffer;
        _buckets = buckets;
        _sites = sites;
        _count = 0;
    }

    public readonly int Count => _count;

    /// <summary>Whether a further candidate must beat the worst kept one to get in.</summary>
    public readonly bool IsFull => _count == _items.Length;

    /// <summary>The worst kept score; meaningful only when <see cref="IsFull"/>.</summary>
    public readonly double WorstScore => _items[0].Score;

    public void Offer(in ScoredCell candidate)
    {
        if (_count < _items.Length)
        {
            _items[_count] = candidate;
            SiftUp(_count++);
            return;
        }

        // Cheap rejection first: most candidates are strictly worse than the worst kept.
        if (candidate.Score > _items[0].Score || !IsBetter(candidate, _items[0]))
        {
            return;
        }

        _items[0] = candidate;
        SiftDown(0);
    }

    /// <summary>
    /// Heap-sorts the kept candidates in place (the worst root goes to the end each step), leaving the buffer's
    /// first <c>n</c> entries best first; returns <c>n</c>. The heap is empty afterwards.
    /// </summary>
    public int SortBestFirst()
    {
        var kept = _count;
        while (_count > 1)
        {
            var last = --_count;
            (_items[0], _items[last]) = (_items[last], _items[0]);
            SiftDown(0);
        }

        _count = 0;
        return kept;
    }

    private readonly bool IsBetter(in ScoredCell a, in ScoredCell b)
    {
        if (a.Score != b.Score)
        {
            return a.Score < b.Score;
        }

        if (a.DistanceKm != b.DistanceKm)
        {
            return a.DistanceKm < b.DistanceKm;
        }

        ref readonly var cellA = ref _buckets[a.Cell.Bucket].Span[a.Cell.Row];
        ref readonly var cellB = ref _buckets[b.Cell.Bucket].Span[b.Cell.Row];
        var bySite = string.CompareOrdinal(_sites[cellA.SiteSlot].SiteId, _sites[cellB.SiteSlot].SiteId);
        return bySite != 0 ? bySite < 0 : string.CompareOrdinal(cellA.CellId, cellB.CellId) < 0;
    }

    private readonly void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!IsBetter(_items[parent], _items[index]))
            {
                return;
            }

            (_items[parent], _items[index]) = (_items[index], _items[parent]);
            index = parent;
        }
    }

    private readonly void SiftDown(int index)
    {
        while (true)
        {
            var worst = index;
            var left = (2 * index) + 1;
            var right = left + 1;
            if (left < _count && IsBetter(_items[worst], _items[left]))
            {
                worst = left;
            }

            if (right < _count && IsBetter(_items[worst], _items[right]))
            {
                worst = right;
            }

            if (worst == index)
            {
                return;
            }

            (_items[worst], _items[index]) = (_items[index], _items[worst]);
            index = worst;
        }
    }
}
