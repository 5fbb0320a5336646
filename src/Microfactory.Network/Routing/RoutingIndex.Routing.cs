using System.Runtime.InteropServices;

namespace Microfactory.Network.Routing;

/// <summary>Routing: one pass over the nearest cells, cheap checks first, scores into a small top-N heap.</summary>
public sealed partial class RoutingIndex
{
    private const int ReasonCount = 8;

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
            decision = Scan(request, out var chosen, out var loadTicks);
            if (decision.Chosen is null)
            {
                return decision;
            }

            if (TryReserveWithinLimit(ref RowAt(chosen), loadTicks))
            {
                // The cell is now left set up for this order until its site publishes its queue again.
                if (request.SetupKey is { } setup)
                {
                    Volatile.Write(ref RowAt(chosen).SetupId, _setups.Intern(setup));
                }

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

    /// <summary>
    /// Call under a lock. Walks the sites nearest the delivery point first and stops at the first site whose
    /// distance cost alone is worse than the worst kept candidate: every other term of the score is zero or more
    /// (weights are validated non-negative, and floating-point addition of non-negative terms never decreases the
    /// sum), and later sites are no nearer, so no unexamined cell could enter the kept set. The decision is the
    /// one a scan of every cell would make; only the rejection counts cover just the cells examined.
    /// </summary>
    private RoutingDecision Scan(RoutingRequest request, out CellLocation chosen, out long chosenLoadTicks)
    {
        var sites = CollectionsMarshal.AsSpan(_sites);
        var terms = new ScoringTerms(_options.Weights, request);
        var perKm = _options.Weights.PerKm;
        var capabilitiesKnown = _capabilities.TryGetMask(request.RequiredCapabilities, out var required);
        var designId = _designs.Find(request.Design);
        var designBloomBit = designId >= 0 ? CellRow.BloomBit(designId) : 0;
        var excluded = ResolveExcludedSlots(request.ExcludedSiteIds);
        var installedLoadTicks = WorkTicks.FromHours(terms.LoadHours(designInstalled: true));
        var changeoverLoadTicks = WorkTicks.FromHours(terms.LoadHours(designInstalled: false));
        var allowInstall = request.DesignInstallable;
        var setupId = request.SetupKey is { } setupKey ? _setups.Find(setupKey) : 0;
        var nowTicks = request.Now.UtcTicks;

        Span<int> rejected = stackalloc int[ReasonCount];
        Span<ScoredCell> kept = stackalloc ScoredCell[_options.CandidatesKept];
        var layout = _siteCells.Get(_layoutVersion, _buckets, sites);
        var heap = new TopCandidateHeap(kept, _buckets, layout);
        var candidates = 0;
        var examined = 0;

        var cellCount = _cells.Count;
        if (!capabilitiesKnown)
        {
            // A capability no cell has ever reported: nothing can match, no need to look.
            rejected[(int)RejectionReason.MissingCapability] = cellCount;
            examined = cellCount;
        }
        else
        {
            var distances = _distances.Get(request.Delivery, _geometryVersion, sites);
            var cellsBySite = layout.BySite;
            foreach (var siteSlot in distances.SlotsNearestFirst)
            {
                var siteCells = cellsBySite[siteSlot];
                if (siteCells.Length == 0)
                {
                    continue;
                }

                var distanceKm = distances.Km[siteSlot];
                if (heap.IsFull && distanceKm * perKm > heap.WorstScore)
                {
                    break;
                }

                examined += siteCells.Length;
                var status = sites[siteSlot].Status;
                var connected = sites[siteSlot].Connected;
                var siteExcluded = excluded is not null && Array.IndexOf(excluded, siteSlot) >= 0;
                foreach (var location in siteCells)
                {
                    var bucket = _buckets[location.Bucket];
                    if ((bucket.Mask & required) != required)
                    {
                        rejected[(int)RejectionReason.MissingCapability]++;
                        continue;
                    }

                    if (status != SiteStatus.Online)
                    {
                        rejected[(int)(status == SiteStatus.Offline ? RejectionReason.SiteOffline : RejectionReason.SiteDraining)]++;
                        continue;
                    }

                    if (!connected)
                    {
                        rejected[(int)RejectionReason.SiteDisconnected]++;
                        continue;
                    }

                    if (siteExcluded)
                    {
                        rejected[(int)RejectionReason.SiteExcluded]++;
                        continue;
                    }

                    ref var cell = ref bucket.Span[location.Row];
                    if (cell.State is CellState.Down or CellState.Maintenance || cell.InMaintenanceAt(nowTicks))
                    {
                        rejected[(int)RejectionReason.CellUnavailable]++;
                        continue;
                    }

                    var installed = cell.HasDesign(designId, designBloomBit);
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

                    // A cell whose setup is unknown is not charged: only a known, different setup is a changeover.
                    var cellSetup = Volatile.Read(ref cell.SetupId);
                    var setupChange = installed && setupId != 0 && cellSetup != 0 && cellSetup != setupId;
                    var score = terms.Score(
                        distanceKm, WorkTicks.ToHours(backlogTicks), cell.CalendarHoursPerWorkHour, installed, out _, out _, setupChange);
                    candidates++;
                    heap.Offer(new ScoredCell(location, score, distanceKm, backlogTicks, installed, setupChange));
                }
            }
        }

        var keptCount = heap.SortBestFirst();
        var top = new RoutingCandidate[keptCount];
        for (var rank = 0; rank < keptCount; rank++)
        {
            var scored = kept[rank];
            ref readonly var cell = ref RowAt(scored.Cell);
            ref readonly var site = ref sites[cell.SiteSlot];
            var components = terms.Components(
                request.Now, scored.DistanceKm, WorkTicks.ToHours(scored.BacklogTicks), cell.CalendarHoursPerWorkHour, scored.DesignInstalled, scored.SetupChange);
            top[rank] = new RoutingCandidate(site.SiteId, site.CityId, cell.CellId, scored.Score, components);
        }

        var rejections = CellRejections.From(rejected);
        chosen = keptCount > 0 ? kept[0].Cell : default;
        chosenLoadTicks = keptCount == 0 ? 0 : kept[0].DesignInstalled ? installedLoadTicks : changeoverLoadTicks;
        return new RoutingDecision(
            OrderId: request.OrderId,
            DecidedAt: request.Now,
            Chosen: keptCount > 0 ? top[0] : null,
            UnroutableReason: keptCount > 0 ? null : UnroutableReasons.Describe(request, rejections, cellCount),
            CellsEvaluated: cellCount,
            CandidateCount: candidates,
            TopCandidates: top,
            Rejections: rejections,
            Weights: _options.Weights)
        {
            CellsNotExamined = cellCount - examined,
        };
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
