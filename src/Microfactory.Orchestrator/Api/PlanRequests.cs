using Microfactory.Network.Planning.Live;
using Microfactory.Network.Sites;

namespace Microfactory.Orchestrator.Api;

/// <summary>A utilisation band: backlog hours over one day of capacity.</summary>
public sealed record BandBody(double? Low, double? High);

/// <summary>
/// <c>POST /api/plans/rebalance</c>. Left-out fields take the <c>Planning__*</c> defaults; <c>dryRun</c> (default
/// true) only plans, false plans and applies at once.
/// </summary>
public sealed record RebalanceBody(IReadOnlyList<string>? CityIds, BandBody? Band, double? MaxTransferKm, bool? MayRiskDueDates, bool? DryRun)
{
    public PlanParameters ToParameters(PlanningOptions defaults) => new(
        CityIds,
        Band?.Low ?? defaults.BandLow,
        Band?.High ?? defaults.BandHigh,
        MaxTransferKm ?? defaults.MaxTransferKm,
        MayRiskDueDates ?? defaults.MayRiskDueDates,
        null);
}

/// <summary><c>POST /api/sites/{id}/drain</c>, optional: the rules for moving the site's queued orders.</summary>
public sealed record DrainBody(BandBody? Band, double? MaxTransferKm, bool? MayRiskDueDates)
{
    public PlanParameters ToParameters(PlanningOptions defaults) =>
        new RebalanceBody(null, Band, MaxTransferKm, MayRiskDueDates, false).ToParameters(defaults);
}

/// <summary>A drained site and the plan that moved its queued orders (applied: see <c>plan.lastApplication</c>).</summary>
public sealed record DrainView(SiteView Site, StoredPlan Plan, SiteLoadView Load);
