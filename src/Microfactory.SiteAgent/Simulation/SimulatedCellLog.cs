using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Simulation;

internal static partial class SimulatedCellLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Cell {CellId} changes over to design {DesignVersion} for job {JobId}")]
    public static partial void ChangeoverStarted(ILogger logger, string cellId, string jobId, string designVersion);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Cell {CellId} completed job {JobId}: {Good} good, {Scrap} scrap")]
    public static partial void JobCompleted(ILogger logger, string cellId, string jobId, int good, int scrap);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Cell {CellId} failed job {JobId} at part {Part}: {Reason}")]
    public static partial void JobFailed(ILogger logger, string cellId, string jobId, int part, string reason);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Cell {CellId} stopped job {JobId} on cancellation: {Good} good, {Scrap} scrap")]
    public static partial void JobCancelled(ILogger logger, string cellId, string jobId, int good, int scrap);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Cell {CellId} refused job {JobId}: {Reason}")]
    public static partial void JobRejected(ILogger logger, string cellId, string jobId, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Cell {CellId} is down until {Until:o}: {Reason}")]
    public static partial void MachineDown(ILogger logger, string cellId, string reason, DateTimeOffset until);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Cell {CellId} installed design {DesignVersion}")]
    public static partial void DesignInstalled(ILogger logger, string cellId, string designVersion);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Cell {CellId} could not install design {DesignVersion}: {Reason}")]
    public static partial void InstallFailed(ILogger logger, string cellId, string designVersion, string reason);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Cell {CellId} removed design {DesignVersion}")]
    public static partial void DesignRemoved(ILogger logger, string cellId, string designVersion);
}
