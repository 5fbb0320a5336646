using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Microfactory.Network.Directory;

/// <summary>
/// Once this silo's directory is loaded, activates the grains that carry on by themselves (their timers and reminders
/// do the work): after a restart with reminders in memory, nothing else would bring them back. Activating an already
/// active grain changes nothing, so several silos starting at once are harmless.
/// </summary>
public sealed partial class StartupWake(DirectoryLoader loader, NetworkDirectory directory, IGrainFactory grains, ILogger<StartupWake> logger)
    : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Unroutable orders get another chance whenever the network changes, wherever the recovery grain lives.
        directory.Sites.NetworkChanged += Nudge;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        directory.Sites.NetworkChanged -= Nudge;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.Loaded.WaitAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            await WakeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogWakeFailed(ex);
        }
    }

    public async Task WakeAsync(CancellationToken cancellationToken)
    {
        var rollouts = directory.Rollouts.Active();
        foreach (var id in rollouts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await GrainRetry.OnConflictAsync(() => grains.GetGrain<IRolloutGrain>(id).WakeAsync(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // A site watches its own liveness once active; after a restart every site that is not lost must be watched again,
        // and each shares its view, which tells this silo which of them really are connected (the loader doubted it).
        var sites = directory.Sites.All().Where(s => s.Status != Routing.SiteStatus.Offline || s.QueuedJobs > 0).Select(s => s.Id).ToList();
        foreach (var id in sites)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await GrainRetry.OnConflictAsync(() => grains.GetGrain<Sites.ISiteGrain>(id).WakeAsync(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        LogWoken(rollouts.Count, sites.Count);

        // Last, so the sites it routes to are awake: orders the last run left between steps carry on now.
        await grains.GetGrain<IOrderRecoveryGrain>(IOrderRecoveryGrain.Key).StartAsync().ConfigureAwait(false);
    }

    private void Nudge() => grains.GetGrain<IOrderRecoveryGrain>(IOrderRecoveryGrain.Key).NudgeAsync().Ignore();

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Woke {Rollouts} active rollouts and {Sites} sites after start-up")]
    private partial void LogWoken(int rollouts, int sites);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Waking grains after start-up failed")]
    private partial void LogWakeFailed(Exception exception);
}
