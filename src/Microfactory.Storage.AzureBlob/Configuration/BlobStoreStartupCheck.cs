using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microfactory.Storage.Configuration;

/// <summary>
/// Says at start-up whether the store is usable and, if not, why. It does not stop the host: the readiness endpoint
/// keeps reporting the reason, and the store may come back (an Azure outage, a directory mounted late).
/// </summary>
internal sealed partial class BlobStoreStartupCheck(IBlobStore store, ILogger<BlobStoreStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.CheckReadyAsync(cancellationToken).ConfigureAwait(false);
            StoreReady(logger, store.GetType().Name);
        }
        catch (StoreUnavailableException e)
        {
            StoreNotReady(logger, store.GetType().Name, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "State store {Store} is ready")]
    private static partial void StoreReady(ILogger logger, string store);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "State store {Store} is not ready: {Reason}")]
    private static partial void StoreNotReady(ILogger logger, string store, string reason);
}
