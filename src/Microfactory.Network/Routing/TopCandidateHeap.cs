namespace Microfactory.Network.Routing;

/// <summary>A candidate as the scan saw it: enough to rebuild its score components for the few that are kept.</summary>
internal readonly record struct ScoredCell(CellLocation Cell, double Score, double DistanceKm, long BacklogTicks, bool DesignInstalled, bool SetupChange = false);

/// <summary>
/// Keeps the best N candidates in a fixed buffer as a max-heap whose root is the worst kept, so each further
/// candidate costs one comparison unless it beats that root. Order: score, then distance, then site id, then
/// cell id (ordinal), so equal scores always rank the same way. The ids are compared through their precomputed
/// ordinal ranks: many cells tie on score and distance (a city's sites share its point), and each tie would
/// otherwise cost two string comparisons.
/// </summary>
internal ref struct TopCandidateHeap
{
    private readonly Span<ScoredCell> _items;
    private readonly List<CapabilityBucket> _buckets;
    private readonly SiteCellLayout _layout;
    private int _count;

    public TopCandidateHeap(Span<ScoredCell> buffer, List<CapabilityBucket> buckets, SiteCellLayout layout)
    {
        _items = buffer;
        _buckets = buckets;
        _layout = layout;
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

        var siteA = _layout.SiteRank[_buckets[a.Cell.Bucket].Span[a.Cell.Row].SiteSlot];
        var siteB = _layout.SiteRank[_buckets[b.Cell.Bucket].Span[b.Cell.Row].SiteSlot];
        return siteA != siteB
            ? siteA < siteB
            : _layout.CellRank[a.Cell.Bucket][a.Cell.Row] < _layout.CellRank[b.Cell.Bucket][b.Cell.Row];
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
