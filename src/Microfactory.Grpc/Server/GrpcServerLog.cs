using Microsoft.Extensions.Logging;

namespace Microfactory.Grpc.Server;

internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "gRPC method {Method} threw an unhandled exception; the caller gets UNKNOWN")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "gRPC call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "gRPC call {Method} exceeded its deadline of {Timeout}")]
    public static partial void DeadlineExceeded(ILogger logger, string method, TimeSpan timeout);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "gRPC request to {Path} rejected: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "gRPC request to unimplemented {Path}")]
    public static partial void Unimplemented(ILogger logger, string path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "gRPC call {Method} could not send its status; the client is gone")]
    public static partial void StatusNotSent(ILogger logger, string method, Exception exception);
}
