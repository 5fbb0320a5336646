using Microfactory.GrainStorage;
using Microfactory.Network.Cities;
using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microfactory.Network.Directory;

/// <summary>Rebuilds this node's directory from the store before the node takes traffic.</summary>
public sealed partial class DirectoryLoader(IGrainStateScanner scanner, NetworkDirectory directory, TimeProvider time, ILogger<DirectoryLoader> logger)
    : IHostedService, IDisposable
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private Task? _loading;

    /// <summary>Completes once the directory holds what the store held at start-up.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>Why the last attempt to load failed (the store's own reason), while it has not succeeded yet.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// Starts loading without holding up start-up: an unreachable store makes the node not ready (with the reason on
    /// /readyz and in the log) instead of crash-looping, and loading is retried with backoff.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loading = LoadUntilDoneAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task LoadUntilDoneAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (directory.Outgoing.Enabled)
                {
                    await directory.Outgoing.Joined.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                await LoadAsync(cancellationToken).ConfigureAwait(false);
                LastError = null;
                _loaded.TrySetResult();
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LastError = ex.Message;
                LogLoadFailed(ex.Message, delay);
                try
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: a load that failed (or was cancelled) meanwhile has nothing to keep, and must not fail the stop.
                return;
            }
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var cities = 0;
        await foreach (var (_, state) in scanner.ScanAsync<CityState>("city", cancellationToken).ConfigureAwait(false))
        {
            if (state.City is { } city)
            {
                directory.Cities.Upsert(city);
                cities++;
            }
        }

        var sites = 0;
        await foreach (var (key, state) in scanner.ScanAsync<SiteGrainState>("site", cancellationToken).ConfigureAwait(false))
        {
            // A site this silo has not heard from yet may be "connected" only in the store, its stream gone with a
            // crashed cluster: it counts as disconnected here until its grain says otherwise (the start-up wake asks it).
            var view = SitePublisher.ToView(key, state);
            SitePublisher.Publish(directory, directory.Sites.TryGet(key, out _) ? view : SitePublisher.Unproven(view));
            sites++;
        }

        var orders = 0;
        await foreach (var (key, state) in scanner.ScanAsync<OrderGrainState>("order", cancellationToken).ConfigureAwait(false))
        {
            if (state.Spec is not null)
            {
                directory.Orders.Upsert(OrderPublisher.ToSummary(key, state, directory));
                orders++;
            }
        }

        var rollouts = 0;
        await foreach (var (_, state) in scanner.ScanAsync<RolloutState>("rollout", cancellationToken).ConfigureAwait(false))
        {
            directory.Rollouts.Upsert(RolloutSummary.Of(state));
            rollouts++;
        }

        LogLoaded(cities, sites, orders, rollouts);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host whose start failed can be disposed before it is stopped: there is nothing left to stop then.
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loading is not null)
        {
            try
            {
                await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped while a load was in flight: nothing to keep
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Dispose();
        }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Could not load the directory from the store: {Reason}. Not ready; trying again in {Delay}")]
    private partial void LogLoadFailed(string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Directory loaded from the store: {Cities} cities, {Sites} sites, {Orders} orders, {Rollouts} rollouts")]
    private partial void LogLoaded(int cities, int sites, int orders, int rollouts);
}
