using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Microfactory.Network.Directory.Cluster;

/// <summary>
/// Keeps this silo's read model current with every other silo's writes, and theirs with this one's: every
/// <see cref="BatchWindow"/> the publications of this silo's grains go to the hub in one call, and the hub's calls to
/// this silo's observer apply the others'. A re-activated hub (its silo died) may have missed batches meant for this
/// silo, so seeing a new epoch reloads the read model from the store, as a restart does.
/// </summary>
public sealed partial class ClusterDirectoryFeed(
    IGrainFactory grains, NetworkDirectory directory, DirectoryLoader loader, ILocalSiloDetails silo, ILogger<ClusterDirectoryFeed> logger)
    : BackgroundService, IDirectoryFeedObserver
{
    /// <summary>How long publications collect before they are sent: many writes per message, so placements/s hold.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    /// <summary>How often an idle silo refreshes its subscription (and learns of a re-activated hub).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private Guid _epoch;

    public Task ApplyAsync(DirectoryChanges changes)
    {
        changes.ApplyTo(directory);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Before the first await: BackgroundService runs this much inside StartAsync, ahead of the loader (registered after).
        directory.Outgoing.Enable();
        var observer = grains.CreateObjectReference<IDirectoryFeedObserver>(this);
        var hub = grains.GetGrain<IDirectoryHubGrain>(0);
        var self = silo.SiloAddress.ToString();
        var refreshed = TimeSpan.Zero;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var changes = directory.Outgoing.Take();
                try
                {
                    Guid epoch;
                    if (changes is not null)
                    {
                        epoch = await hub.PublishAsync(self, observer, changes).ConfigureAwait(false);
                    }
                    else if (_epoch == Guid.Empty || clock.Elapsed - refreshed >= RefreshInterval)
                    {
                        epoch = await hub.SubscribeAsync(self, observer).ConfigureAwait(false);
                    }
                    else
                    {
                        epoch = _epoch;
                    }

                    if (epoch != _epoch)
                    {
                        refreshed = clock.Elapsed;
                        await JoinAsync(epoch, stoppingToken).ConfigureAwait(false);
                    }
                    else if (changes is not null || clock.Elapsed - refreshed >= RefreshInterval)
                    {
                        refreshed = clock.Elapsed;
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The hub's silo may be dying: the batch waits for the next window, where the hub lives again.
                    if (changes is not null)
                    {
                        directory.Outgoing.PutBack(changes);
                    }

                    LogHubUnreachable(ex.Message);
                }

                await Task.Delay(BatchWindow, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            grains.DeleteObjectReference<IDirectoryFeedObserver>(observer);
        }
    }

    private async Task JoinAsync(Guid epoch, CancellationToken cancellationToken)
    {
        var first = _epoch == Guid.Empty;
        _epoch = epoch;
        directory.Outgoing.MarkJoined();
        if (!first)
        {
            // Subscribed again before reading, so whatever the reload misses arrives as a batch.
            LogHubReactivated();
            await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Could not reach the directory hub ({Reason}); this silo's read-model changes wait for the next batch")]
    private partial void LogHubUnreachable(string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "The directory hub was re-activated: reloading this silo's read model from the store in case batches passed it by")]
    private partial void LogHubReactivated();
}
