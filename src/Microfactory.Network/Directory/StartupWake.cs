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

        LogWoken(rollouts.Count);
    }

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Woke {Rollouts} active rollouts after start-up")]
    private partial void LogWoken(int rollouts);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Waking grains after start-up failed")]
    private partial void LogWakeFailed(Exception exception);
}
