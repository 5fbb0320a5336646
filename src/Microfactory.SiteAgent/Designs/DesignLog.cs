using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Designs;

internal static partial class DesignLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Design {DesignVersion}: {Action} for rollout {RolloutId} on cells {Cells}")]
    public static partial void Started(ILogger logger, string designVersion, string action, string rolloutId, string cells);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Design {DesignVersion}: download attempt {Attempt} of {MaxAttempts} failed: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, string designVersion, int attempt, int maxAttempts, string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Design {DesignVersion}: {Status} on cells {Cells}")]
    public static partial void Finished(ILogger logger, string designVersion, string status, string cells);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Design {DesignVersion} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string designVersion, string reason);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Information, Message = "Cell {CellId}: waiting for its running job to end before changing design {DesignVersion}")]
    public static partial void WaitingForJob(ILogger logger, string cellId, string designVersion);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Cell {CellId}: design {DesignVersion} installed earlier could not be installed again at start: {Reason}")]
    public static partial void ReinstallFailed(ILogger logger, string cellId, string designVersion, string reason);
}
