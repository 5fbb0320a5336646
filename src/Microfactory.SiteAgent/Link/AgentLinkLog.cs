using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Link;

// No message here takes the credential or the request metadata: the credential is never logged.
internal static partial class AgentLinkLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Site {SiteId} connected to {OrchestratorUrl}: session {SessionId}, resending {Resent} updates, orchestrator resumes after {ResumeAfter}")]
    public static partial void Welcomed(ILogger logger, string siteId, Uri orchestratorUrl, string sessionId, int resent, ulong resumeAfter);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Site {SiteId}: the link ended ({StatusCode}: {Detail}); reconnecting in {Wait}")]
    public static partial void Reconnecting(ILogger logger, string siteId, string statusCode, string detail, TimeSpan wait);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Critical, Message = "Site {SiteId}: the orchestrator refused this agent (PERMISSION_DENIED: {Detail}). The credential does not act for this site or the site is disabled; an operator must fix the configuration. The agent stops.")]
    public static partial void PermissionDenied(ILogger logger, string siteId, string detail);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Site {SiteId}: the orchestrator does not accept this agent's credential (UNAUTHENTICATED: {Detail}); an operator should check Agent__Credential. Retrying at the maximum backoff.")]
    public static partial void Unauthenticated(ILogger logger, string siteId, string detail);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Site {SiteId}: notice {Code} from the orchestrator: {Message}")]
    public static partial void Notice(ILogger logger, string siteId, string code, string message);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Job {JobId} ({Quantity} parts) for cell {CellId}: {Outcome}")]
    public static partial void Assignment(ILogger logger, string jobId, uint quantity, string cellId, string outcome);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Cell {CellId} resumes job {JobId} after {Made} of {Quantity} parts")]
    public static partial void JobResumed(ILogger logger, string cellId, string jobId, int made, int quantity);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Cell {CellId} ended job {JobId}: {Outcome}, {Good} good, {Scrap} scrap")]
    public static partial void JobEnded(ILogger logger, string cellId, string jobId, string outcome, int good, int scrap);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "Site {SiteId}: no Welcome within {Timeout}; giving this stream up")]
    public static partial void WelcomeTimedOut(ILogger logger, string siteId, TimeSpan timeout);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "Site {SiteId}: the link failed")]
    public static partial void LinkFailed(ILogger logger, string siteId, Exception exception);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Information, Message = "Site {SiteId} enrolled: the site credential is in {Path}; the enrolment token is no longer needed")]
    public static partial void Enrolled(ILogger logger, string siteId, string path);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Warning, Message = "Site {SiteId}: enrolment failed ({StatusCode}: {Detail}); trying again in {Wait}")]
    public static partial void EnrolmentRetrying(ILogger logger, string siteId, string statusCode, string detail, TimeSpan wait);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Critical, Message = "Site {SiteId}: the orchestrator refused the enrolment token ({StatusCode}: {Detail}). An admin creates a new one (mf sites enrol {SiteId}). The agent stops.")]
    public static partial void EnrolmentRefused(ILogger logger, string siteId, string statusCode, string detail);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "Cell {CellId}: remote operator confirmation by {ConfirmedBy} (after job {JobId}): {Outcome}")]
    public static partial void RemoteConfirmation(ILogger logger, string cellId, string confirmedBy, string jobId, string outcome);
}
