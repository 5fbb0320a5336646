using Microfactory.Network.Cells;
using Microsoft.Extensions.Logging;

namespace Microfactory.Network.Sites;

/// <summary>
/// Reconciliation from the agent's hello (docs/agent-protocol.md, "Reconciliation"). The agent wins for what it knows:
/// the jobs its hello lists are applied as reported. A job the site holds, whose assignment the agent acknowledged, but
/// that the hello does not list is one the agent no longer has (it came back with an empty state directory, or was
/// replaced): its order is told to route it again, and then the site lets it go. A job whose assignment is still in
/// the outbox is not judged: the outbox sends it again.
/// </summary>
public sealed partial class SiteGrain
{
    public Task<IReadOnlyList<LostJob>> UnreportedJobsAsync(string sessionId, IReadOnlyCollection<string> reportedJobIds)
    {
        EnsureRegistered();
        if (State.SessionId != sessionId)
        {
            return Task.FromResult<IReadOnlyList<LostJob>>([]); // a newer hello judges
        }

        var reported = reportedJobIds as IReadOnlySet<string> ?? new HashSet<string>(reportedJobIds, StringComparer.Ordinal);
        var unsent = State.Outbox.Where(m => m.Kind == OutboxKind.Assign).Select(m => m.JobId).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<LostJob>>([.. State.Jobs.Values
            .Where(j => !reported.Contains(j.JobId) && !unsent.Contains(j.JobId))
            .OrderBy(j => j.JobId, StringComparer.Ordinal)
            .Select(j => new LostJob(j.JobId, j.OrderId, $"site {PrimaryKey}'s agent no longer holds job {j.JobId} (it reconnected without it)"))]);
    }

    public async Task<bool> ForgetLostJobAsync(string jobId, string reason)
    {
        if (!await HoldsJobAsync(jobId))
        {
            return false;
        }

        var job = State.Jobs[jobId];
        State.Jobs.Remove(jobId);
        Remember(jobId, job.OrderId);
        State.Cells[job.CellId] = CellQueue.Update(State.Cells[job.CellId], jobId, null, 0, finished: true, time.GetUtcNow());
        LogLostJob(PrimaryKey, jobId, job.OrderId, reason);
        await SaveAsync();
        return true;
    }

    /// <summary>
    /// Where a hello disagrees with the site's record. The site's definition (PUT /api/sites/{id}) is the planners' and
    /// wins: a cell it lacks gets no work, its capabilities are the ones routing uses, and a defined cell the agent does
    /// not list is shown as not reported. Keeps the hello's cells, so a definition changed later is compared again;
    /// the caller stores it.
    /// </summary>
    private List<string> CompareHello(long lastAcknowledged, IReadOnlyList<CellReport> cells)
    {
        var found = new List<string>();
        if (lastAcknowledged > State.LastSequence)
        {
            found.Add($"hello.last_acknowledged_sequence {lastAcknowledged} is beyond the last message sent to site {PrimaryKey} ({State.LastSequence}); delivery resumes after {State.LastSequence}, take that as the acknowledged sequence");
        }

        var helloCells = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            helloCells.TryAdd(cell.CellId, (cell.Capabilities ?? []).Select(Capabilities.Normalize).Distinct().Order(StringComparer.Ordinal).ToList());
        }

        var before = State.AgentMismatches;
        State.HelloCells = helloCells;
        CompareHelloCells();
        if (State.AgentMismatches.Count > 0 && !State.AgentMismatches.SequenceEqual(before))
        {
            LogHelloMismatch(PrimaryKey, State.AgentMismatches.Count, string.Join("; ", State.AgentMismatches));
        }

        found.AddRange(State.AgentMismatches);
        return found;
    }

    /// <summary>The last hello's cells against the definition as it is now (after a hello, or a new definition).</summary>
    private void CompareHelloCells()
    {
        if (State.HelloCells is not { } hello)
        {
            return;
        }

        var site = PrimaryKey;
        var findings = new List<string>();
        foreach (var (id, reported) in hello)
        {
            if (!State.Cells.TryGetValue(id, out var defined))
            {
                findings.Add($"hello lists cell '{id}', which site {site}'s definition (PUT /api/sites/{site}) does not have; it gets no work until the definition lists it");
                continue;
            }

            if (reported.FirstOrDefault(c => !Capabilities.IsValid(c)) is { } invalid)
            {
                findings.Add($"cell {id} reports capability '{invalid}', which is not a capability ({Capabilities.Rule})");
            }

            if (!reported.SequenceEqual(defined.Capabilities, StringComparer.Ordinal))
            {
                findings.Add($"cell {id} reports capabilities [{string.Join(", ", reported)}] but site {site}'s definition lists [{string.Join(", ", defined.Capabilities)}]; routing uses the definition");
            }
        }

        foreach (var id in State.Cells.Keys.Where(id => !hello.ContainsKey(id)).Order(StringComparer.Ordinal))
        {
            findings.Add($"cell {id} of site {site}'s definition is not in the hello; it is shown as not reported");
        }

        State.AgentMismatches = findings;
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Site {SiteId}'s agent disagrees with the site's definition in {Count} ways: {Mismatches}")]
    private partial void LogHelloMismatch(string siteId, int count, string mismatches);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Site {SiteId} let job {JobId} of order {OrderId} go: {Reason}")]
    private partial void LogLostJob(string siteId, string jobId, string orderId, string reason);
}
