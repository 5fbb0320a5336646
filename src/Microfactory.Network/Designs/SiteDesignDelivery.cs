using Orleans;
using Microfactory.Network.Sites;

namespace Microfactory.Network.Designs;

/// <summary>Design delivery over each site's grain: instructions join the site's outbox, statuses are the site's record.</summary>
public sealed class SiteDesignDelivery(IGrainFactory grains) : IDesignDelivery
{
    public Task SendAsync(string siteId, DesignInstruction instruction, CancellationToken cancellationToken = default) =>
        GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteGrain>(siteId).SendDesignAsync(instruction));

    public Task<SiteDesignStatus?> StatusAsync(string siteId, string design, CancellationToken cancellationToken = default) =>
        grains.GetGrain<ISiteGrain>(siteId).DesignStatusAsync(design);
}
