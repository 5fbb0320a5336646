using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

/// <summary>
/// The routing rules written the slow, obvious way (LINQ over snapshots, the public scorer, a full sort), to check
/// the index's buckets, bitmasks, caches and heap against.
/// </summary>
internal static class ReferenceRouter
{
    public static (List<string> RankedCellIds, int[] Rejections) Route(
        IReadOnlyDictionary<string, SiteSnapshot> sites,
        IReadOnlyDictionary<string, CellSnapshot> cells,
        RoutingRequest request,
        RoutingWeights weights)
    {
        var rejections = new int[Enum.GetValues<RejectionReason>().Length];
        var scored = new List<(double Score, double Km, string SiteId, string CellId)>();
        foreach (var cell in cells.Values)
        {
            var site = sites[cell.SiteId];
            var installed = cell.InstalledDesigns.Contains(request.Design, StringComparer.Ordinal);
            var load = request.WorkHours + (installed ? 0 : request.ChangeoverHours);
            RejectionReason? reason =
                !request.RequiredCapabilities.All(c => cell.Capabilities.Contains(c, StringComparer.OrdinalIgnoreCase)) ? RejectionReason.MissingCapability
                : site.Status == SiteStatus.Offline ? RejectionReason.SiteOffline
                : site.Status == SiteStatus.Draining ? RejectionReason.SiteDraining
                : !site.Connected ? RejectionReason.SiteDisconnected
                : request.ExcludedSiteIds?.Contains(site.SiteId) == true ? RejectionReason.SiteExcluded
                : cell.State is CellState.Down or CellState.Maintenance ? RejectionReason.CellUnavailable
                : !installed && !request.DesignInstallable ? RejectionReason.DesignUnavailable
                : cell.BacklogHours + load > cell.BacklogLimitHours ? RejectionReason.OverBacklogLimit
                : null;
            if (reason is { } rejected)
            {
                rejections[(int)rejected]++;
                continue;
            }

            var km = request.Delivery.Location.DistanceKmTo(site.Location);
            var components = CandidateScorer.Evaluate(
                weights, request, km, cell.BacklogHours, cell.ThroughputFactor, cell.HoursPerDay, installed);
            scored.Add((CandidateScorer.Total(components), km, site.SiteId, cell.CellId));
        }

        var ranked = scored
            .OrderBy(c => c.Score)
            .ThenBy(c => c.Km)
            .ThenBy(c => c.SiteId, StringComparer.Ordinal)
            .ThenBy(c => c.CellId, StringComparer.Ordinal)
            .Select(c => c.CellId)
            .ToList();
        return (ranked, rejections);
    }
}
