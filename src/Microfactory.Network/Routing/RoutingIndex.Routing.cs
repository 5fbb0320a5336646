using System.Runtime.InteropServices;

namespace Microfactory.Network.Routing;

/// <summary>Routing: one pass over the cells, cheap checks first, scores into a small top-N heap.</summary>
public sealed partial class RoutingIndex
{
    private const int ReasonCount = 7;

    /// <summary>Scores every cell for the order and says which would win, without reserving anything.</summary>
    public RoutingDecision Route(RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        using var activity = RoutingTelemetry.Start("routing.route", request);
        _lock.EnterReadLock();
        try
        {
            var decision = Scan(request, out _, out _);
            RoutingTelemetry.Record(activity, decision);
            return decision;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Routes the order and reserves its load (work, plus changeover where the design must be installed) on the
    /// chosen cell in one step. If a concurrent placement filled that cell in between, it routes again.
    /// </summary>
    public RoutingDecision Place(RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        using var activity = RoutingTelemetry.Start("routing.place", request);
        _lock.EnterReadLock();
        try
        {
            var decision = PlaceUnderLock(request);
            RoutingTelemetry.Record(activity, decision);
            return decision;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Call under the read lock.</summary>
    private RoutingDecision PlaceUnderLock(RoutingRequest request)
    {
        RoutingDecision decision = null!;
        for (var attempt = 0; attempt < _options.PlacementAttempts; attempt++)
        {
            decision = Scan(request, out var chosenSlot, out var loadTicks);
            if (decision.Chosen is null
                || TryReserveWithinLimit(ref CollectionsMarshal.AsSpan(_cells)[chosenSlot], loadTicks))
            {
                return decision;
            }
        }

        return decision with
        {
            Chosen = null,
            UnroutableReason =
                $"the best cells were filled by concurrent placements {_options.PlacementAttempts} times in a row; route again",
        };
    }

    /// <summary>Call under a lock.</summary>
    private RoutingDecision Scan(RoutingRequest request, out int chosenSlot, out long chosenLoadTicks)
    {
        var cells = CollectionsMarshal.AsSpan(_cells);
        var sites = CollectionsMarshal.AsSpan(_sites);
        var terms = new ScoringTerms(_options.Weights, request);
        var capabilitiesKnown = _capabilities.TryGetMask(request.RequiredCapabilities, out var required);
        var designId = _designs.Find(request.Design);
        var designBloomBit = designId >= 0 ? CellRow.BloomBit(designId) : 0;
        var excluded = ResolveExcludedSlots(request.ExcludedSiteIds);
        var distances = _distances.Get(request.Delivery, _geometryVersion, sites);
        var installedLoadTicks = WorkTicks.FromHours(terms.LoadHours(designInstalled: true));
        var changeoverLoadTicks = WorkTicks.FromHours(terms.LoadHours(designInstalled: false));
        var allowInstall = request.DesignInstallable;

        Span<int> rejected = stackalloc int[ReasonCount];
        Span<ScoredCell> kept = stackalloc ScoredCell[_options.CandidatesKept];
        var heap = new TopCandidateHeap(kept, cells, sites);
        var candidates = 0;

        if (!capabilitiesKnown)
        {
            // A capability no cell has ever reported: nothing can match, no need to look.
            rejected[(int)RejectionReason.MissingCapability] = cells.Length;
        }
        else
        {
            var groups = CurrentGroups(cells);
            for (var group = 0; group < groups.Masks.Length; group++)
            {
                var slots = groups.Slots[group];
                if ((groups.Masks[group] & required) != required)
                {
                    rejected[(int)RejectionReason.MissingCapability] += slots.Length;
                    continue;
                }

                foreach (var slot in slots)
                {
                    ref var cell = ref cells[slot];
                    var siteSlot = cell.SiteSlot;
                    var status = sites[siteSlot].Status;
                    if (status != SiteStatus.Online)
                    {
                        rejected[(int)(status == SiteStatus.Offline ? RejectionReason.SiteOffline : RejectionReason.SiteDraining)]++;
                        continue;
                    }

                    if (excluded is not null && Array.IndexOf(excluded, siteSlot) >= 0)
                    {
                        rejected[(int)RejectionReason.SiteExcluded]++;
                        continue;
                    }

                    if (cell.State is CellState.Down or CellState.Maintenance)
                    {
                        rejected[(int)RejectionReason.CellUnavailable]++;
                        continue;
                    }

                    var installed = designId >= 0 && cell.HasDesign(designId, designBloomBit);
                    if (!installed && !allowInstall)
                    {
                        rejected[(int)RejectionReason.DesignUnavailable]++;
                        continue;
                    }

                    var backlogTicks = Volatile.Read(ref cell.BacklogTicks);
                    if (backlogTicks + (installed ? installedLoadTicks : changeoverLoadTicks) > cell.LimitTicks)
                    {
                        rejected[(int)RejectionReason.OverBacklogLimit]++;
                        continue;
                    }

                    var distanceKm = distances[siteSlot];
                    var score = terms.Score(
                        distanceKm, WorkTicks.ToHours(backlogTicks), cell.CalendarHoursPerWorkHour, installed, out _, out _);
                    candidates++;
                    heap.Offer(new ScoredCell(slot, score, distanceKm, backlogTicks, installed));
                }
            }
        }

        var keptCount = heap.SortBestFirst();
        var top = new RoutingCandidate[keptCount];
        for (var rank = 0; rank < keptCount; rank++)
        {
            var scored = kept[rank];
            ref readonly var cell = ref cells[scored.CellSlot];
            ref readonly var site = ref sites[cell.SiteSlot];
            var components = terms.Components(
                request.Now, scored.DistanceKm, WorkTicks.ToHours(scored.BacklogTicks), cell.CalendarHoursPerWorkHour, scored.DesignInstalled);
            top[rank] = new RoutingCandidate(site.SiteId, site.CityId, cell.CellId, scored.Score, components);
        }

        var rejections = CellRejections.From(rejected);
        chosenSlot = keptCount > 0 ? kept[0].CellSlot : -1;
        chosenLoadTicks = keptCount == 0 ? 0 : kept[0].DesignInstalled ? installedLoadTicks : changeoverLoadTicks;
        return new RoutingDecision(
            OrderId: request.OrderId,
            DecidedAt: request.Now,
            Chosen: keptCount > 0 ? top[0] : null,
            UnroutableReason: keptCount > 0 ? null : UnroutableReasons.Describe(request, rejections, cells.Length),
            CellsEvaluated: cells.Length,
            CandidateCount: candidates,
            TopCandidates: top,
            Rejections: rejections,
            Weights: _options.Weights);
    }

    /// <summary>
    /// Call under the read lock. Readers that find the groups stale rebuild them; concurrent rebuilds produce the
    /// same groups and the last one published wins, so no reader ever waits for another.
    /// </summary>
    private CapabilityGroups CurrentGroups(ReadOnlySpan<CellRow> cells)
    {
        var groups = Volatile.Read(ref _groups);
        if (groups.LayoutVersion == _cellLayoutVersion)
        {
            return groups;
        }

        groups = CapabilityGroups.Build(_cellLayoutVersion, cells);
        Volatile.Write(ref _groups, groups);
        return groups;
    }

    /// <summary>Call under a lock. Unknown site ids are ignored: there is nothing to exclude.</summary>
    private int[]? ResolveExcludedSlots(IReadOnlyCollection<string>? siteIds)
    {
        if (siteIds is null || siteIds.Count == 0)
        {
            return null;
        }

        var slots = new List<int>(siteIds.Count);
        foreach (var id in siteIds)
        {
            if (id is not null && _siteSlots.TryGetValue(id, out var slot))
            {
                slots.Add(slot);
            }
        }

        return slots.Count == 0 ? null : [.. slots];
    }
}
