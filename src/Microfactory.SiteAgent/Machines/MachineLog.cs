using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Machines;

// Endpoints and machine messages only: a broker password never reaches a log line.
internal static partial class MachineLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Cell {CellId} connected to {Endpoint}")]
    public static partial void Connected(ILogger logger, string cellId, string endpoint);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Cell {CellId} lost {Endpoint}: {Reason}; trying again in {Wait}")]
    public static partial void ConnectionLost(ILogger logger, string cellId, string endpoint, string reason, TimeSpan wait);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Cell {CellId} could not read {Endpoint}: {Reason}")]
    public static partial void ReadRefused(ILogger logger, string cellId, string endpoint, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Cell {CellId} started job {JobId}: program {Program}, {Quantity} parts")]
    public static partial void RunStarted(ILogger logger, string cellId, string jobId, int program, int quantity);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Cell {CellId} takes up job {JobId} already on the machine (program {Program}, {Quantity} parts)")]
    public static partial void RunAdopted(ILogger logger, string cellId, string jobId, int program, int quantity);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Cell {CellId} job {JobId}: the machine ended its run after {Made} of {Quantity} parts; starting it again for the rest")]
    public static partial void RunEndedShort(ILogger logger, string cellId, string jobId, int made, int quantity);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Cell {CellId} job {JobId}: {Alarm}; the job {Outcome}")]
    public static partial void Alarm(ILogger logger, string cellId, string jobId, string alarm, string outcome);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Cell {CellId} refused job {JobId}: {Reason}")]
    public static partial void JobRefused(ILogger logger, string cellId, string jobId, string reason);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Cell {CellId} job {JobId} failed on an unexpected error")]
    public static partial void JobCrashed(ILogger logger, string cellId, string jobId, Exception exception);
}
