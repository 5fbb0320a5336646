namespace Microfactory.Network.Routing;

/// <summary>
/// The routing view of the network: sites, cells and their backlog, kept current by the grains and read by every
/// order being routed. Many routes run at once under a read lock; snapshot upserts take the write lock; backlog
/// moves (<see cref="Reserve"/>, <see cref="Release"/>, placements) are atomic adds under the read lock, so they never
/// wait for each other. The Site grain stays authoritative: an upserted cell snapshot overwrites the backlog here.
/// </summary>
public sealed partial class RoutingIndex : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<SiteRow> _sites = [];
    private readonly List<CapabilityBucket> _buckets = [];
    private readonly Dictionary<ulong, int> _bucketByMask = [];
    private readonly Dictionary<string, int> _siteSlots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CellLocation> _cells = new(StringComparer.Ordinal);
    private readonly CapabilityCatalog _capabilities = new();
    private readonly DesignCatalog _designs = new();
    private readonly SetupCatalog _setups = new();
    private readonly DistanceCache _distances = new();
    private readonly SiteCells _siteCells = new();
    private readonly RoutingOptions _options;

    /// <summary>Bumped whenever a site is added, removed or moved, which invalidates cached distances.</summary>
    private long _geometryVersion;

    /// <summary>Bumped whenever rows are added, moved or removed, or sites added or removed: invalidates <see cref="_siteCells"/>.</summary>
    private long _layoutVersion;

    public RoutingIndex(RoutingOptions? options = null)
    {
        _options = options ?? new RoutingOptions();
        _options.Validate();
    }

    public RoutingOptions Options => _options;

    public int SiteCount => Read(() => _sites.Count);

    public int CellCount => Read(() => _cells.Count);

    /// <summary>Adds work hours to a cell's backlog (no limit check: the Site grain decided).</summary>
    public void Reserve(string cellId, double hours)
    {
        RoutingArguments.EnsureHours(hours, nameof(hours), allowZero: true);
        var ticks = WorkTicks.FromHours(hours);
        _lock.EnterReadLock();
        try
        {
            Interlocked.Add(ref CellRef(cellId).BacklogTicks, ticks);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Removes work hours from a cell's backlog (finished, cancelled or moved work); never goes below zero.</summary>
    public void Release(string cellId, double hours)
    {
        RoutingArguments.EnsureHours(hours, nameof(hours), allowZero: true);
        var ticks = WorkTicks.FromHours(hours);
        _lock.EnterReadLock();
        try
        {
            ref var backlog = ref CellRef(cellId).BacklogTicks;
            var current = Volatile.Read(ref backlog);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref backlog, Math.Max(0, current - ticks), current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The cell's backlog in work hours as the index sees it now.</summary>
    public double GetBacklogHours(string cellId)
    {
        _lock.EnterReadLock();
        try
        {
            return WorkTicks.ToHours(Volatile.Read(ref CellRef(cellId).BacklogTicks));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Adds <paramref name="ticks"/> unless that would take the cell past its limit; false if it would.</summary>
    private static bool TryReserveWithinLimit(ref CellRow cell, long ticks)
    {
        var current = Volatile.Read(ref cell.BacklogTicks);
        while (current + ticks <= cell.LimitTicks)
        {
            var seen = Interlocked.CompareExchange(ref cell.BacklogTicks, current + ticks, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Call under a lock. A ref into a bucket's storage, valid until the next write-locked change.</summary>
    private ref CellRow CellRef(string cellId)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        if (!_cells.TryGetValue(cellId, out var location))
        {
            throw new KeyNotFoundException($"Cell '{cellId}' is not in the routing index.");
        }

        return ref RowAt(location);
    }

    private ref CellRow RowAt(CellLocation location) => ref _buckets[location.Bucket].Span[location.Row];

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
