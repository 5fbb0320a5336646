using Microsoft.Extensions.Logging;

namespace Microfactory.Storage.AzureBlob;

internal static partial class BlobStoreLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Created blob container {Container}")]
    public static partial void ContainerCreated(ILogger logger, string container);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Azure Blob store is not ready: {Reason}")]
    public static partial void NotReady(ILogger logger, string reason);
}
