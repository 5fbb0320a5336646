using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microfactory.SiteAgent.Contracts;
using Microfactory.SiteAgent.State;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Link;

/// <summary>
/// The agent's durable book of jobs, sequences and outbox. Every change is written to disk before the
/// method returns, so whatever the link acknowledges or reports afterwards survives an agent restart.
/// Thread-safe: the link's reader, the cells' runners and the writer all use it.
/// </summary>
public sealed partial class JobBook
{
    private readonly Lock _gate = new();
    private readonly AgentStateStore _store;
    private readonly TimeProvider _time;
    private readonly AgentStateData _state;
    private bool _closed;

    /// <param name="cellsWithOperatorGate">Cells that wait for an operator's confirmation after each job (<c>Agent:Cells:{n}:OperatorGate</c>).</param>
    public JobBook(AgentStateStore store, TimeProvider time, IEnumerable<string>? cellsWithOperatorGate = null)
    {
        _store = store;
        _time = time;
        _state = store.Load();
        _gatedCells = new HashSet<string>(cellsWithOperatorGate ?? [], StringComparer.Ordinal);
    }

    /// <summary>Pulsed when a sequenced message joins the outbox.</summary>
    internal AsyncPulse OutboxChanged { get; } = new();

    /// <summary>Pulsed when a queue may have work to start (new job, reconnect).</summary>
    internal AsyncPulse QueueChanged { get; } = new();

    public ulong LastAcknowledgedSequence { get { lock (_gate) { return _state.LastAcknowledgedSequence; } } }

    public TimeSpan? LostAfter { get { lock (_gate) { return _state.LostAfter; } } }

    /// <summary>A copy of every job held, for tests and diagnostics.</summary>
    public IReadOnlyList<HeldJob> Jobs { get { lock (_gate) { return [.. _state.Jobs.Select(Copy)]; } } }

    /// <summary>Stops every further change, as if the process had died here (a host shutting down abandons its running jobs).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    /// <summary>Records an assignment (or its rejection) durably; a known job id changes nothing. Then the sequence may be acknowledged.</summary>
    /// <returns>True when the job is new.</returns>
    public bool Accept(V1.JobAssignment assignment, ulong sequence, string? rejection)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            RecordOrchestratorSequence(sequence);
            if (_state.Jobs.Any(j => j.JobId == assignment.JobId))
            {
                Save();
                return false;
            }

            var job = new HeldJob
            {
                JobId = assignment.JobId,
                OrderId = assignment.OrderId,
                CellId = assignment.CellId,
                DesignVersion = assignment.DesignVersion,
                DesignSha256 = assignment.DesignSha256,
                Quantity = (int)Math.Min(assignment.Quantity, int.MaxValue),
                Priority = assignment.Priority,
                DueAt = assignment.DueAt?.ToDateTimeOffset(),
                ArrivalOrder = _state.NextArrivalOrder++,
                Traceparent = assignment.TraceContext?.Traceparent ?? "",
                Tracestate = assignment.TraceContext?.Tracestate ?? "",
                Status = HeldJobStatus.Queued,
                Parameters = assignment.Parameters.ToParameterValues(),
            };
            _state.Jobs.Add(job);
            if (rejection is null)
            {
                AddUpdate(job, V1.JobUpdateKind.Accepted, null);
            }
            else
            {
                Finish(job, V1.JobUpdateKind.Rejected, rejection);
            }

            Save();
        }

        OutboxChanged.Pulse();
        QueueChanged.Pulse();
        return true;
    }

    /// <summary>Applies a cancellation per the guide; returns the job when it is running and its cell must stop it.</summary>
    public HeldJob? Cancel(V1.JobCancellation cancellation, ulong sequence)
    {
        HeldJob? running = null;
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            RecordOrchestratorSequence(sequence);
            var job = _state.Jobs.FirstOrDefault(j => j.JobId == cancellation.JobId);
            switch (job?.Status)
            {
                case null:
                    var unknown = new V1.JobUpdate
                    {
                        JobId = cancellation.JobId,
                        OrderId = cancellation.OrderId,
                        Kind = V1.JobUpdateKind.Rejected,
                        Reason = $"Job '{cancellation.JobId}' is unknown to this site; nothing to cancel.",
                        OccurredAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
                    };
                    Enqueue(new V1.AgentMessage { JobUpdate = unknown });
                    break;
                case HeldJobStatus.Queued:
                    Finish(job, V1.JobUpdateKind.Cancelled, Reason(cancellation, "before it started"));
                    break;
                case HeldJobStatus.Running:
                    job.CancelRequested = true;
                    running = Copy(job);
                    break;
                case HeldJobStatus.Finished:
                    // Idempotent: the final state again, under a new sequence so it is delivered like any update.
                    Enqueue(new V1.AgentMessage { JobUpdate = V1.JobUpdate.Parser.ParseFrom(Convert.FromBase64String(job.LatestUpdate)) });
                    break;
            }

            Save();
        }

        OutboxChanged.Pulse();
        return running;
    }

    /// <summary>The cell's job to run now: its interrupted one first, else (when allowed) the best queued one, which becomes running.</summary>
    public HeldJob? TakeNext(string cellId, bool mayStartQueued)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            var job = _state.Jobs.FirstOrDefault(j => j.CellId == cellId && j.Status == HeldJobStatus.Running);
            if (job is null && mayStartQueued && !IsHeldForOperator(cellId))
            {
                job = _state.Jobs
                    .Where(j => j.CellId == cellId && j.Status == HeldJobStatus.Queued)
                    .OrderByDescending(j => j.Priority)
                    .ThenBy(j => j.DueAt ?? DateTimeOffset.MaxValue)
                    .ThenBy(j => j.ArrivalOrder)
                    .FirstOrDefault();
                if (job is not null)
                {
                    job.Status = HeldJobStatus.Running;
                    Save();
                }
            }

            return job is null ? null : Copy(job);
        }
    }

    /// <summary>Whether a cancellation for the job has been recorded (it may arrive while its cell is taking it).</summary>
    public bool IsCancelRequested(string jobId)
    {
        lock (_gate)
        {
            return _state.Jobs.Any(j => j.JobId == jobId && j.CancelRequested);
        }
    }

    /// <summary>The cell took the job: STARTED, once (a resumed job was started before).</summary>
    public void Started(string jobId, DateTimeOffset at)
    {
        Change(jobId, job =>
        {
            if (job.StartedAt is not null)
            {
                return false;
            }

            job.StartedAt = at;
            AddUpdate(job, V1.JobUpdateKind.Started, null);
            return true;
        });
    }

    /// <summary>Parts finished (running totals over the whole job); persisted always, reported as PROGRESS when <paramref name="report"/>.</summary>
    public void PartsMade(string jobId, int good, int scrap, bool report)
    {
        Change(jobId, job =>
        {
            job.Good = good;
            job.Scrap = scrap;
            if (report)
            {
                AddUpdate(job, V1.JobUpdateKind.Progress, null);
            }

            return report;
        });
    }

    /// <summary>The job ended: its final update (DONE, FAILED, CANCELLED or REJECTED) with the final counts.</summary>
    public void Finished(string jobId, V1.JobUpdateKind kind, int good, int scrap, string? reason, double? energyKwh = null)
    {
        string? heldCell = null;
        Change(jobId, job =>
        {
            job.Good = good;
            job.Scrap = scrap;
            job.EnergyKwh = energyKwh is { } metered ? (job.EnergyKwh ?? 0) + metered : job.EnergyKwh;
            Finish(job, kind, reason);

            // In the same durable write: a restart between the two could never start the next job unconfirmed.
            heldCell = HoldForOperator(job, kind);
            return true;
        });
        if (heldCell is not null)
        {
            OperatorGateChanged?.Invoke(this, heldCell);
        }
    }

    /// <summary>Queue figures of one cell: queued jobs and the running one, for capacity reports.</summary>
    public (IReadOnlyList<HeldJob> Queued, HeldJob? Running) CellQueue(string cellId)
    {
        lock (_gate)
        {
            return (
                [.. _state.Jobs.Where(j => j.CellId == cellId && j.Status == HeldJobStatus.Queued).Select(Copy)],
                _state.Jobs.Where(j => j.CellId == cellId && j.Status == HeldJobStatus.Running).Select(Copy).FirstOrDefault());
        }
    }

    /// <summary>Hello.jobs: the latest update of every job held, except finished ones whose final update was acknowledged.</summary>
    public IReadOnlyList<V1.JobUpdate> HelloJobs()
    {
        lock (_gate)
        {
            return [.. _state.Jobs
                .Where(j => j.LatestUpdate.Length > 0 && !(j.Status == HeldJobStatus.Finished && j.FinalSequence <= _state.AgentSequenceAcknowledged))
                .Select(j => V1.JobUpdate.Parser.ParseFrom(Convert.FromBase64String(j.LatestUpdate)))];
        }
    }

    /// <summary>The outbox above a sequence, in order.</summary>
    public IReadOnlyList<V1.AgentMessage> OutboxAbove(ulong sequence)
    {
        lock (_gate)
        {
            return [.. _state.Outbox.Where(e => e.Sequence > sequence).Select(e => V1.AgentMessage.Parser.ParseFrom(Convert.FromBase64String(e.Message)))];
        }
    }

    /// <summary>The orchestrator's Ack: drops the outbox up to <paramref name="sequence"/>.</summary>
    public void Acknowledged(ulong sequence)
    {
        lock (_gate)
        {
            if (_closed || sequence <= _state.AgentSequenceAcknowledged)
            {
                return;
            }

            _state.AgentSequenceAcknowledged = Math.Min(sequence, _state.NextAgentSequence - 1);
            _state.Outbox.RemoveAll(e => e.Sequence <= sequence);
            Save();
        }
    }

    /// <summary>
    /// Welcome: keep numbering above what the orchestrator recorded (the agent may have lost its disk), remember
    /// lost_after, and take a resume point below this agent's record as the record: every sequence above it is one the
    /// orchestrator sends now (again, de-duplicated by job id, or for the first time), none may be skipped as seen.
    /// </summary>
    public void Welcomed(ulong lastReceivedAgentSequence, TimeSpan? lostAfter, ulong? resumeAfterSequence = null)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_state.NextAgentSequence <= lastReceivedAgentSequence)
            {
                _state.NextAgentSequence = lastReceivedAgentSequence + 1;
            }

            if (resumeAfterSequence is { } resume && resume < _state.LastAcknowledgedSequence)
            {
                _state.LastAcknowledgedSequence = resume;
            }

            _state.LostAfter = lostAfter;
            Save();
        }

        QueueChanged.Pulse();
    }

    private void Change(string jobId, Func<HeldJob, bool> change)
    {
        bool enqueued;
        lock (_gate)
        {
            var job = _state.Jobs.FirstOrDefault(j => j.JobId == jobId);
            if (_closed || job is null)
            {
                return;
            }

            enqueued = change(job);
            Save();
        }

        if (enqueued)
        {
            OutboxChanged.Pulse();
        }
    }

    private void Finish(HeldJob job, V1.JobUpdateKind kind, string? reason)
    {
        job.Status = HeldJobStatus.Finished;
        job.FinalSequence = AddUpdate(job, kind, reason);
    }

    private ulong AddUpdate(HeldJob job, V1.JobUpdateKind kind, string? reason)
    {
        var now = _time.GetUtcNow();
        var update = new V1.JobUpdate
        {
            JobId = job.JobId,
            OrderId = job.OrderId,
            CellId = job.CellId,
            Kind = kind,
            GoodCount = (uint)job.Good,
            ScrapCount = (uint)job.Scrap,
            Quantity = (uint)job.Quantity,
            Reason = reason ?? "",
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            StartedAt = job.StartedAt is { } started ? Timestamp.FromDateTimeOffset(started) : null,
            FinishedAt = kind is V1.JobUpdateKind.Done or V1.JobUpdateKind.Failed or V1.JobUpdateKind.Cancelled ? Timestamp.FromDateTimeOffset(now) : null,
            TraceContext = JobTracing.ContextFor(job),
        };
        if (job.EnergyKwh is { } energy)
        {
            update.Energy = new V1.EnergyReading { Kwh = energy };
        }

        job.LatestUpdate = update.ToByteString().ToBase64();
        return Enqueue(new V1.AgentMessage { JobUpdate = update });
    }

    private ulong Enqueue(V1.AgentMessage message)
    {
        message.Sequence = _state.NextAgentSequence++;
        _state.Outbox.Add(new OutboxEntry(message.Sequence, message.ToByteString().ToBase64()));
        return message.Sequence;
    }

    private void RecordOrchestratorSequence(ulong sequence) =>
        _state.LastAcknowledgedSequence = Math.Max(_state.LastAcknowledgedSequence, sequence);

    private void Save() => _store.Save(_state);

    private static string Reason(V1.JobCancellation cancellation, string when) =>
        string.IsNullOrWhiteSpace(cancellation.Reason) ? $"Cancelled {when}." : $"Cancelled {when}: {cancellation.Reason}";

    private static HeldJob Copy(HeldJob job) => job.Clone();
}
