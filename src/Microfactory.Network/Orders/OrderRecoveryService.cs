using Orleans;
using Microfactory.Network.Directory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.Network.Orders;

/// <summary>
/// Keeps every accepted order moving: after a restart it continues orders stopped between steps (Received, Routed),
/// and whenever the network changes (or on an interval) it routes unroutable orders again.
/// </summary>
public sealed partial class OrderRecoveryService(
    IGrainFactory grains,
    NetworkDirectory directory,
    DirectoryLoader loader,
    IOptions<NetworkOptions> options,
    TimeProvider time,
    ILogger<OrderRecoveryService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _networkChanged = new(0, 1);

    /// <summary>Asks for a pass soon (a site appeared, capacity changed).</summary>
    public void Nudge()
    {
        if (_networkChanged.CurrentCount == 0)
        {
            try
            {
                _networkChanged.Release();
            }
            catch (SemaphoreFullException)
            {
                // already nudged
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.Loaded.ConfigureAwait(false);
        directory.Sites.NetworkChanged += Nudge;
        var stuckAfter = TimeSpan.Zero; // the first pass after start continues everything the last run left midway
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PassAsync(stuckAfter, stoppingToken).ConfigureAwait(false);
                    stuckAfter = options.Value.StuckAfter;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogPassFailed(ex);
                }

                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var interval = Task.Delay(options.Value.RecoveryInterval, time, wake.Token);
                var nudged = _networkChanged.WaitAsync(wake.Token);
                await Task.WhenAny(interval, nudged).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        finally
        {
            directory.Sites.NetworkChanged -= Nudge;
        }
    }

    /// <summary>
    /// One pass over orders that need a push: Received or Routed orders untouched for <paramref name="stuckAfter"/>
    /// (younger ones are still in their submitter's hands), and every Unroutable one. Returns how many moved on.
    /// </summary>
    public async Task<int> PassAsync(TimeSpan stuckAfter, CancellationToken cancellationToken)
    {
        var moved = 0;
        var cutoff = time.GetUtcNow() - stuckAfter;
        foreach (var id in directory.Orders.WithStatus(OrderStatus.Received, OrderStatus.Routed))
        {
            if (directory.Orders.TryGet(id, out var summary) && summary.UpdatedAt > cutoff)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var before = directory.Orders.TryGet(id, out var s) ? s.Status : OrderStatus.Received;
            var after = await GrainRetry.OnConflictAsync(() => grains.GetGrain<IOrderGrain>(id).ResumeAsync(), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (after is not null && after.Status != before)
            {
                moved++;
            }
        }

        foreach (var id in directory.Orders.WithStatus(OrderStatus.Unroutable))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var after = await GrainRetry.OnConflictAsync(() => grains.GetGrain<IOrderGrain>(id).RetryRoutingAsync(), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (after is not null && after.Status != OrderStatus.Unroutable)
            {
                moved++;
            }
        }

        if (moved > 0)
        {
            LogMoved(moved);
        }

        return moved;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Recovery moved {Count} orders on")]
    private partial void LogMoved(int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Order recovery pass failed; will try again")]
    private partial void LogPassFailed(Exception exception);
}
