using Microfactory.Network.Routing;

namespace Microfactory.Network.Planning;

/// <summary>Fills a <see cref="PlanningModel"/> from the snapshot, refusing inconsistent input with a named error.</summary>
internal sealed class PlanningModelBuilder(PlanningModel model)
{
    private readonly CapabilityCatalog _capabilities = new();
    private readonly DesignCatalog _designs = new();

    public void Build()
    {
        var snapshot = model.Snapshot;
        var request = model.Request;
        var scope = request.CityIds is { Count: > 0 } cities ? new HashSet<string>(cities, StringComparer.Ordinal) : null;
        var drained = new HashSet<string>(request.DrainSiteIds ?? [], StringComparer.Ordinal);
        var horizonDays = request.Horizon.TotalDays;

        var scopedSites = snapshot.Sites
            .Select(s => s ?? throw new ArgumentException("Snapshot.Sites contains a null site.", nameof(snapshot)))
            .Where(s => scope is null || scope.Contains(s.CityId))
            .OrderBy(s => s.SiteId, StringComparer.Ordinal)
            .ToList();

        var sites = new PlanningModel.SiteData[scopedSites.Count];
        var siteIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var cells = new List<PlanningModel.CellData>();
        var cellIndex = new Dictionary<(string Site, string Cell), int>();
        for (var s = 0; s < scopedSites.Count; s++)
        {
            var site = scopedSites[s];
            if (string.IsNullOrWhiteSpace(site.SiteId))
            {
                throw new ArgumentException("Every site needs a SiteId.", nameof(snapshot));
            }

            if (!siteIndex.TryAdd(site.SiteId, s))
            {
                throw new ArgumentException($"Site '{site.SiteId}' appears twice in the snapshot.", nameof(snapshot));
            }

            double capacityPerDay = 0, running = 0;
            foreach (var cell in site.Cells ?? [])
            {
                var calendar = CandidateScorer.CalendarHoursPerWorkHour(cell.ThroughputFactor, cell.HoursPerDay);
                if (!double.IsFinite(cell.RunningBacklogHours) || cell.RunningBacklogHours < 0)
                {
                    throw new ArgumentException($"Cell '{site.SiteId}/{cell.CellId}': RunningBacklogHours must be >= 0.", nameof(snapshot));
                }

                if (!cellIndex.TryAdd((site.SiteId, cell.CellId), cells.Count))
                {
                    throw new ArgumentException($"Cell '{cell.CellId}' appears twice at site '{site.SiteId}'.", nameof(snapshot));
                }

                cells.Add(new PlanningModel.CellData
                {
                    CellId = cell.CellId,
                    Site = s,
                    CapabilityMask = _capabilities.AddAll(cell.Capabilities ?? []),
                    Designs = _designs.AddAll(cell.InstalledDesigns ?? []),
                    CalendarHoursPerWorkHour = calendar,
                    RunningHours = cell.RunningBacklogHours,
                    Available = cell.State is CellState.Idle or CellState.Busy,
                });
                capacityPerDay += cell.HoursPerDay * cell.ThroughputFactor;
                running += cell.RunningBacklogHours;
            }

            var isDrained = drained.Contains(site.SiteId) || site.Status == SiteStatus.Draining;
            sites[s] = new PlanningModel.SiteData
            {
                SiteId = site.SiteId,
                CityId = site.CityId,
                Location = site.Location,
                Drained = isDrained,
                TakesWork = !isDrained && site.Status == SiteStatus.Online && site.Connected && capacityPerDay > 0,
                CapacityHours = capacityPerDay * horizonDays,
                RunningHours = running,
            };
        }

        var orders = BuildOrders(snapshot, siteIndex, cellIndex, cells, out var deliveries);
        var queues = new List<int>[cells.Count];
        for (var c = 0; c < queues.Length; c++)
        {
            queues[c] = [];
        }

        for (var o = 0; o < orders.Length; o++)
        {
            queues[orders[o].Cell].Add(o);
        }

        var reachable = deliveries.Select(d => ReachableSites(sites, d, request.MaxTransferKm)).ToArray();
        for (var o = 0; o < orders.Length; o++)
        {
            orders[o].KmBefore = GreatCircle.DistanceKm(sites[orders[o].Site].Location, deliveries[orders[o].Delivery]);
        }

        model.Set(sites, [.. cells], orders, [.. queues.Select(q => q.ToArray())], reachable, [.. deliveries]);
    }

    private PlanningModel.OrderData[] BuildOrders(
        NetworkSnapshot snapshot,
        Dictionary<string, int> siteIndex,
        Dictionary<(string Site, string Cell), int> cellIndex,
        List<PlanningModel.CellData> cells,
        out List<GeoPoint> deliveries)
    {
        var weights = model.Weights.Routing;
        var deliveryIndex = new Dictionary<(string, GeoPoint), int>();
        deliveries = [];
        var list = new List<PlanningModel.OrderData>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var allSiteIds = snapshot.Sites.Select(s => s.SiteId).ToHashSet(StringComparer.Ordinal);
        for (var index = 0; index < snapshot.Orders.Count; index++)
        {
            var order = snapshot.Orders[index];
            if (order is null || string.IsNullOrWhiteSpace(order.OrderId))
            {
                throw new ArgumentException("Every queued order needs an OrderId.", nameof(snapshot));
            }

            if (!seen.Add(order.OrderId))
            {
                throw new ArgumentException($"Order '{order.OrderId}' appears twice in the snapshot.", nameof(snapshot));
            }

            if (!siteIndex.ContainsKey(order.SiteId))
            {
                if (allSiteIds.Contains(order.SiteId))
                {
                    continue; // A site outside the scope: its orders are not part of this plan.
                }

                throw new ArgumentException($"Order '{order.OrderId}' is on unknown site '{order.SiteId}'.", nameof(snapshot));
            }

            if (!cellIndex.TryGetValue((order.SiteId, order.CellId), out var cell))
            {
                throw new ArgumentException($"Order '{order.OrderId}' is on unknown cell '{order.SiteId}/{order.CellId}'.", nameof(snapshot));
            }

            if (!double.IsFinite(order.WorkHours) || order.WorkHours <= 0 || !double.IsFinite(order.ChangeoverHours) || order.ChangeoverHours < 0)
            {
                throw new ArgumentException($"Order '{order.OrderId}': WorkHours must be > 0 and ChangeoverHours >= 0.", nameof(snapshot));
            }

            if (order.RequiredCapabilities is not { Count: > 0 } || order.Delivery is null)
            {
                throw new ArgumentException($"Order '{order.OrderId}' needs at least one required capability and a delivery location.", nameof(snapshot));
            }

            var key = (order.Delivery.CityId, order.Delivery.Location);
            if (!deliveryIndex.TryGetValue(key, out var delivery))
            {
                delivery = deliveries.Count;
                deliveryIndex.Add(key, delivery);
                deliveries.Add(order.Delivery.Location);
            }

            list.Add(new PlanningModel.OrderData
            {
                OrderId = order.OrderId,
                Cell = cell,
                Site = cells[cell].Site,
                CapabilitiesKnown = _capabilities.TryGetMask(order.RequiredCapabilities, out var mask),
                CapabilityMask = mask,
                Design = _designs.Find(order.Design),
                WorkHours = order.WorkHours,
                ChangeoverHours = order.ChangeoverHours,
                DueHours = (order.DueAt - snapshot.Now).TotalHours,
                LateWeight = weights.PerLateHour * weights.LatenessMultiplier(order.Priority),
                Delivery = delivery,
                SnapshotIndex = index,
            });
        }

        var orders = list.ToArray();
        var byId = Enumerable.Range(0, orders.Length).OrderBy(o => orders[o].OrderId, StringComparer.Ordinal).ToArray();
        for (var rank = 0; rank < byId.Length; rank++)
        {
            orders[byId[rank]].Rank = rank;
        }

        return orders;
    }

    private static PlanningModel.Reach[] ReachableSites(PlanningModel.SiteData[] sites, GeoPoint delivery, double maxKm)
    {
        var reach = new List<PlanningModel.Reach>();
        for (var s = 0; s < sites.Length; s++)
        {
            if (!sites[s].TakesWork)
            {
                continue;
            }

            var km = GreatCircle.DistanceKm(sites[s].Location, delivery);
            if (km <= maxKm)
            {
                reach.Add(new PlanningModel.Reach(s, km));
            }
        }

        // Sites are already in id order, so a stable sort by distance leaves ties in id order.
        return [.. reach.OrderBy(r => r.Km)];
    }
}
