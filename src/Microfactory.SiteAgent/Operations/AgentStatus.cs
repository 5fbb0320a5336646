using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Link;

namespace Microfactory.SiteAgent.Operations;

/// <summary>What the agent's status shows a technician: the link, and each cell's driver, state, gate and last error.</summary>
public sealed record AgentStatus(string SiteId, string AgentVersion, DateTimeOffset At, LinkStatus Link, IReadOnlyList<CellReport> Cells)
{
    public static AgentStatus Now(AgentOptions options, CellDrivers cells, JobBook book, LinkGate link, LinkProblems problems, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(time);
        var problem = problems.Last;
        return new AgentStatus(
            options.SiteId,
            Hosting.AgentVersion.Current,
            time.GetUtcNow(),
            new LinkStatus(options.OrchestratorUrl?.ToString() ?? "", link.IsConnected, link.Since, problem?.Message, problem?.At),
            [.. cells.All.Select(cell =>
            {
                var status = cell.GetStatus();
                var health = cell.GetHealth();
                var waiting = book.AwaitingOperatorFor(cell.CellId);
                return new CellReport(
                    cell.CellId,
                    health.Driver,
                    status.State.ToString(),
                    health.Connection.ToString(),
                    health.Endpoint,
                    status.CurrentJobId,
                    book.CellQueue(cell.CellId).Queued.Count,
                    status.DownReason,
                    waiting is not null,
                    waiting?.AfterJobId,
                    waiting?.Since,
                    health.AlarmCode,
                    health.AlarmText,
                    health.LastError,
                    health.LastErrorAt);
            })]);
    }
}

/// <param name="LastProblem">The last warning or error the link logged (it may be old: compare with <paramref name="Since"/>).</param>
public sealed record LinkStatus(string Orchestrator, bool Connected, DateTimeOffset Since, string? LastProblem, DateTimeOffset? LastProblemAt);

/// <summary>One cell in the agent's status.</summary>
public sealed record CellReport(
    string Id,
    string Driver,
    string State,
    string Connection,
    string? Endpoint,
    string? CurrentJobId,
    int Queued,
    string? DownReason,
    bool AwaitingOperator,
    string? AwaitingAfterJobId,
    DateTimeOffset? AwaitingSince,
    int? AlarmCode,
    string? AlarmText,
    string? LastError,
    DateTimeOffset? LastErrorAt);
