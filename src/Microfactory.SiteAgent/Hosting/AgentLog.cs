using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Hosting;

// No message here takes the credential: it is never logged.
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Site agent {AgentVersion} for site {SiteId} (orchestrator {OrchestratorUrl}) starts with {CellCount} cells")]
    public static partial void Starting(ILogger logger, string agentVersion, string siteId, Uri? orchestratorUrl, int cellCount);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Cell {CellId} ({Driver}) ready: {State}, capabilities {Capabilities}, designs {Designs}")]
    public static partial void CellReady(ILogger logger, string cellId, string driver, string state, string capabilities, string designs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Cell {CellId} is now {State} (job {JobId}, design {DesignVersion}, {Detail})")]
    public static partial void CellStatusChanged(ILogger logger, string cellId, string state, string? jobId, string? designVersion, string detail);
}
