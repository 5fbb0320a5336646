using Orleans;
using Microfactory.Network.Directory;
using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.Network.Sites;

/// <summary>
/// A disconnected site is not a dead site: only after lost_after without a sign of life is it marked lost, and then
/// its queued, not started, jobs move to other sites. Running jobs stay; they are reconciled when the agent returns.
/// </summary>
public sealed partial class SiteLivenessService(
    IGrainFactory grains,
    NetworkDirectory directory,
    SiteSessions sessions,
    DirectoryLoader loader,
    IOptions<NetworkOptions> options,
    TimeProvider time,
    ILogger<SiteLivenessService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.Loaded.WaitAsync(stoppingToken).ConfigureAwait(false);
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, options.Value.LostAfter.Ticks / 4));
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(ex);
            }
        }
    }

    /// <summary>Marks silent sites lost and moves their queued jobs; returns how many orders moved.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var moved = 0;
        foreach (var site in directory.Sites.All())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var silent = !sessions.IsConnected(site.Id) && now - (site.LastSeen ?? site.RegisteredAt) > options.Value.LostAfter;
            var alreadyLost = site.Status == SiteStatus.Offline;
            if (!(silent && !alreadyLost) && !(alreadyLost && site.QueuedJobs > 0))
            {
                continue;
            }

            var orders = await GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteGrain>(site.Id).MarkLostAsync(), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!alreadyLost)
            {
                LogLost(site.Id, options.Value.LostAfter, orders.Count);
            }

            foreach (var orderId in orders)
            {
                var reason = $"site {site.Id} silent for more than {options.Value.LostAfter}";
                if (await GrainRetry.OnConflictAsync(() => grains.GetGrain<IOrderGrain>(orderId).MoveOffSiteAsync(reason), cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    moved++;
                }
            }
        }

        return moved;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Site {SiteId} is lost (no sign of life for {LostAfter}); moving its {Queued} queued orders")]
    private partial void LogLost(string siteId, TimeSpan lostAfter, int queued);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Site liveness sweep failed; will try again")]
    private partial void LogSweepFailed(Exception exception);
}
