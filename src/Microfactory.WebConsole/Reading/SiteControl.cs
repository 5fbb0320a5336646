using Microfactory.Network;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Options;
using Orleans;

namespace Microfactory.WebConsole.Reading;

/// <summary>Drain and resume, as <c>POST /api/sites/{id}/drain</c> and <c>/resume</c> do them (drains with the Planning defaults).</summary>
public sealed class SiteControl(PlanningService planning, IGrainFactory grains, IOptions<PlanningOptions> defaults)
{
    public PlanningOptions Defaults => defaults.Value;

    /// <summary>Stops new work going to the site and moves its queued orders; returns the applied plan.</summary>
    public Task<StoredPlan> DrainAsync(string siteId) =>
        planning.DrainAsync(siteId, new PlanParameters(null, Defaults.BandLow, Defaults.BandHigh, Defaults.MaxTransferKm, Defaults.MayRiskDueDates, null));

    public Task<SiteView> ResumeAsync(string siteId) =>
        GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteGrain>(siteId).SetDrainingAsync(false));
}
