using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Operations;

// The local token is never logged.
internal static partial class OperationsLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Local endpoint listens on {Url} (bearer token in {TokenSource})")]
    public static partial void Listening(ILogger logger, Uri url, string tokenSource);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Cell {CellId}: {By} confirmed the machine is clear after job {JobId}; its queue runs again")]
    public static partial void Confirmed(ILogger logger, string cellId, string by, string jobId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Cell {CellId}: {By} sent the machine's reset")]
    public static partial void ResetSent(ILogger logger, string cellId, string by);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Local endpoint: refused {Method} {Path} without a valid bearer token")]
    public static partial void Unauthorized(ILogger logger, string method, string path);
}
