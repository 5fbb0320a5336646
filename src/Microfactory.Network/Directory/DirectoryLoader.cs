using Microfactory.Grains;
using Microfactory.Network.Cities;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microfactory.Network.Directory;

/// <summary>Rebuilds this node's directory from the store before the node takes traffic.</summary>
public sealed partial class DirectoryLoader(GrainHost host, NetworkDirectory directory, ILogger<DirectoryLoader> logger) : IHostedService
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the directory holds what the store held at start-up.</summary>
    public Task Loaded => _loaded.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            _loaded.TrySetResult();
        }
        catch (Exception ex)
        {
            _loaded.TrySetException(ex);
            throw;
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var cities = 0;
        await foreach (var (_, state) in host.ScanStatesAsync<ICityGrain, CityState>(cancellationToken).ConfigureAwait(false))
        {
            if (state.City is { } city)
            {
                directory.Cities.Upsert(city);
                cities++;
            }
        }

        var sites = 0;
        await foreach (var (key, state) in host.ScanStatesAsync<ISiteGrain, SiteGrainState>(cancellationToken).ConfigureAwait(false))
        {
            SitePublisher.Publish(directory, SitePublisher.ToView(key, state));
            sites++;
        }

        var orders = 0;
        await foreach (var (key, state) in host.ScanStatesAsync<IOrderGrain, OrderGrainState>(cancellationToken).ConfigureAwait(false))
        {
            if (state.Spec is not null)
            {
                directory.Orders.Upsert(OrderPublisher.ToSummary(key, state, directory));
                orders++;
            }
        }

        LogLoaded(cities, sites, orders);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Directory loaded from the store: {Cities} cities, {Sites} sites, {Orders} orders")]
    private partial void LogLoaded(int cities, int sites, int orders);
}
