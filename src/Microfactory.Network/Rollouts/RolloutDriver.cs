using Microfactory.GrainStorage;
using Orleans;
using Microfactory.Network.Directory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.Network.Rollouts;

/// <summary>
/// Moves active rollouts on every <see cref="RolloutOptions.PollInterval"/>. At start, and every
/// <see cref="RolloutOptions.DiscoverInterval"/>, it finds them in the store, so a rollout continues after a restart
/// (of this node or of the node that created it) from the step its state records.
/// </summary>
public sealed partial class RolloutDriver(
    IGrainStateScanner scanner,
    IGrainFactory grains,
    NetworkDirectory directory,
    DirectoryLoader loader,
    IOptions<RolloutOptions> options,
    TimeProvider time,
    ILogger<RolloutDriver> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.Loaded.WaitAsync(stoppingToken).ConfigureAwait(false);
        DateTimeOffset? discoveredAt = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (discoveredAt is null || time.GetUtcNow() - discoveredAt >= options.Value.DiscoverInterval)
                {
                    await DiscoverAsync(stoppingToken).ConfigureAwait(false);
                    discoveredAt = time.GetUtcNow();
                }

                await PassAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(ex);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads every stored rollout's phase, so the ones left active by the last run are driven again.</summary>
    public async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        await foreach (var (id, state) in scanner.ScanAsync<RolloutState>("rollout", cancellationToken).ConfigureAwait(false))
        {
            directory.Rollouts.Upsert(RolloutSummary.Of(state));
        }
    }

    /// <summary>One step for every active rollout; a failing one is logged and does not hold up the others.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        foreach (var id in directory.Rollouts.Active())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await GrainRetry.OnConflictAsync(() => grains.GetGrain<IRolloutGrain>(id).AdvanceAsync(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRolloutFailed(id, ex);
            }
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Rollout pass failed; will try again")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Rollout {RolloutId} could not move on; will try again")]
    private partial void LogRolloutFailed(string rolloutId, Exception exception);
}
