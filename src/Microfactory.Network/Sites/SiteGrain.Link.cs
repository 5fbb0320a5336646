using Microfactory.Network.Cells;
using Microsoft.Extensions.Logging;

namespace Microfactory.Network.Sites;

/// <summary>The site's side of its agent link: sessions, acknowledgements both ways, job updates, liveness.</summary>
public sealed partial class SiteGrain
{
    private const int RecentJobsKept = 2000;

    public async Task<SiteSessionStart> ConnectAsync(string sessionId, long lastAcknowledged, IReadOnlyList<CellReport> cells)
    {
        EnsureRegistered();
        State.Connected = true;
        State.Lost = false;
        await WatchLivenessAsync();
        ReplaceFollower(sessionId);
        State.SessionId = sessionId;
        OpenSession();
        State.LastSeen = time.GetUtcNow();
        var disagreements = CompareHello(lastAcknowledged, cells);
        Acknowledge(lastAcknowledged);
        await ApplyCellReportsAsync(cells);
        await SaveAsync();
        return new SiteSessionStart(State.AcknowledgedSequence, State.LastAgentSequence, Pending(State.AcknowledgedSequence)) { Disagreements = disagreements };
    }

    public async Task DisconnectAsync(string sessionId)
    {
        ForgetFollower(sessionId);
        if (State.SessionId == sessionId)
        {
            EndSession();
            State.LastSeen = time.GetUtcNow();
            await SaveAsync();
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> PendingAsync(long afterSequence) => Task.FromResult(Pending(afterSequence));

    public async Task<string?> AcknowledgeAsync(long sequence)
    {
        if (sequence > State.LastSequence)
        {
            return $"ack {sequence} is beyond the last message sent to site {PrimaryKey} ({State.LastSequence}); not applied";
        }

        if (Acknowledge(sequence))
        {
            State.LastSeen = time.GetUtcNow();
            await SaveAsync();
        }

        return null;
    }

    public async Task<JobUpdateReceipt> ApplyJobUpdateAsync(JobUpdate update, long agentSequence)
    {
        if (agentSequence > 0 && agentSequence <= State.LastAgentSequence)
        {
            return new JobUpdateReceipt(OrderOf(update.JobId), Duplicate: true);
        }

        if (agentSequence > 0)
        {
            State.LastAgentSequence = agentSequence;
        }

        State.LastSeen = time.GetUtcNow();
        if (!State.Jobs.TryGetValue(update.JobId, out var job))
        {
            LogUnknownJob(PrimaryKey, update.JobId, update.Kind);
            await SaveAsync();
            return new JobUpdateReceipt(OrderOf(update.JobId), Duplicate: false);
        }

        var finished = update.Kind is JobUpdateKind.Done or JobUpdateKind.Failed or JobUpdateKind.Rejected or JobUpdateKind.Cancelled;
        CellJobStatus? status = update.Kind is JobUpdateKind.Started or JobUpdateKind.Progress ? CellJobStatus.Running : null;
        State.Cells[job.CellId] = CellQueue.Update(State.Cells[job.CellId], update.JobId, status, update.Good + update.Scrap, finished, time.GetUtcNow());
        if (finished)
        {
            State.Jobs.Remove(update.JobId);
            Remember(update.JobId, job.OrderId);
        }

        await SaveAsync();
        return new JobUpdateReceipt(job.OrderId, Duplicate: false);
    }

    public async Task<bool> WithdrawJobAsync(string jobId, string reason)
    {
        if (State.Withdrawn.Contains(jobId))
        {
            return true;
        }

        if (!await HoldsJobAsync(jobId))
        {
            return State.Withdrawn.Contains(jobId);
        }

        var job = State.Jobs[jobId];

        var cell = State.Cells[job.CellId];
        if (cell.Queue.FirstOrDefault(j => j.JobId == jobId) is not { Status: CellJobStatus.Queued })
        {
            return false; // started: a running job is never taken away
        }

        State.Jobs.Remove(jobId);
        State.Withdrawn.Add(jobId);
        Remember(jobId, job.OrderId);
        State.Cells[job.CellId] = CellQueue.Update(State.Cells[job.CellId], jobId, null, 0, finished: true, time.GetUtcNow());
        Append(OutboxKind.Cancel, jobId, null, reason);
        await SaveAsync();
        return true;
    }

    public async Task HeartbeatAsync()
    {
        var now = time.GetUtcNow();
        State.LastSeen = now;
        await SessionSeenAsync();
        // Liveness lives in memory; the store hears of it a few times per lost_after, enough for another node to judge.
        if (now - _savedAt > options.Value.LostAfter / 4)
        {
            await SaveAsync();
        }
    }

    public async Task<IReadOnlyList<string>> ReportCellsAsync(IReadOnlyList<CellReport> cells)
    {
        EnsureRegistered();
        State.LastSeen = time.GetUtcNow();
        var unknown = cells.Where(c => !State.Cells.ContainsKey(c.CellId)).Select(c => c.CellId).ToList();
        if (await ApplyCellReportsAsync(cells) || time.GetUtcNow() - _savedAt > options.Value.LostAfter / 4)
        {
            await SaveAsync();
        }

        return unknown;
    }

    /// <summary>True when a cell's state or installed designs changed.</summary>
    private async Task<bool> ApplyCellReportsAsync(IReadOnlyList<CellReport> cells)
    {
        var changed = false;
        foreach (var report in cells)
        {
            if (State.Cells.TryGetValue(report.CellId, out var before)
                && (before.State != report.State || (report.InstalledDesigns is { } d && !d.Order(StringComparer.Ordinal).SequenceEqual(before.InstalledDesigns))))
            {
                var machine = await GrainFactory.GetGrain<ICellGrain>(Ids.Cell(PrimaryKey, report.CellId)).ReportAsync(report.State, report.InstalledDesigns);
                State.Cells[report.CellId] = CellQueue.WithMachine(machine, before);
                changed = true;
            }

            changed |= ApplyOperatorGate(report);
        }

        return changed;
    }

    /// <summary>
    /// Whether the site holds the job, re-reading the store before saying no: a "no" changes nothing, so on a stale
    /// activation (another node wrote since) no ETag conflict would ever correct it.
    /// </summary>
    private async Task<bool> HoldsJobAsync(string jobId)
    {
        if (State.Jobs.ContainsKey(jobId))
        {
            return true;
        }

        await state.ReadStateAsync();
        return State.Jobs.ContainsKey(jobId);
    }

    private bool Acknowledge(long sequence)
    {
        if (sequence <= State.AcknowledgedSequence)
        {
            return false;
        }

        // An agent cannot acknowledge what was never sent; clamp so a confused agent cannot skip future messages.
        State.AcknowledgedSequence = Math.Min(sequence, State.LastSequence);
        State.Outbox.RemoveAll(m => m.Sequence <= State.AcknowledgedSequence);
        return true;
    }

    private IReadOnlyList<OutboxMessage> Pending(long afterSequence) =>
        State.Outbox.Where(m => m.Sequence > afterSequence).ToList();

    private string? OrderOf(string jobId) =>
        State.Jobs.TryGetValue(jobId, out var job) ? job.OrderId : State.RecentJobs.GetValueOrDefault(jobId);

    private void Remember(string jobId, string orderId)
    {
        State.RecentJobs[jobId] = orderId;
        if (State.RecentJobs.Count > RecentJobsKept)
        {
            // Dictionary keeps insertion order while nothing is removed mid-way, so the first key is the oldest.
            var oldest = State.RecentJobs.Keys.First();
            State.RecentJobs.Remove(oldest);
            State.Withdrawn.Remove(oldest);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Site {SiteId} reported {Kind} for unknown job {JobId}; ignored")]
    private partial void LogUnknownJob(string siteId, string jobId, JobUpdateKind kind);
}
