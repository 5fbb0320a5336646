using Microfactory.SiteAgent.State;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Link;

/// <summary>
/// The operator gate (<c>Agent:Cells:{n}:OperatorGate</c>): after each job that ran on a gated cell, the cell takes no
/// queued job until someone confirms the machine is clear (a printer's bed cleared, a fixture emptied). Kept with the
/// jobs, in the same durable writes.
/// </summary>
public sealed partial class JobBook
{
    private readonly HashSet<string> _gatedCells;

    /// <summary>Raised (with the cell id) when a cell's gate closes or opens.</summary>
    public event EventHandler<string>? OperatorGateChanged;

    /// <summary>Whether the cell waits for an operator's confirmation, and since when.</summary>
    public AwaitingOperator? AwaitingOperatorFor(string cellId)
    {
        lock (_gate)
        {
            return _gatedCells.Contains(cellId) ? _state.AwaitingOperator.FirstOrDefault(a => a.CellId == cellId) : null;
        }
    }

    /// <summary>Someone confirmed the cell's machine is clear: its queue runs again.</summary>
    /// <returns>What was waiting; null when the cell was not waiting for an operator.</returns>
    public AwaitingOperator? ConfirmOperator(string cellId)
    {
        AwaitingOperator? waiting;
        lock (_gate)
        {
            waiting = _state.AwaitingOperator.FirstOrDefault(a => a.CellId == cellId);
            if (_closed || waiting is null)
            {
                return null;
            }

            _state.AwaitingOperator.Remove(waiting);
            Save();
        }

        OperatorGateChanged?.Invoke(this, cellId);
        QueueChanged.Pulse();
        return waiting;
    }

    /// <summary>
    /// A remote operator's confirmation, sent by the orchestrator under <paramref name="sequence"/>: applied like
    /// <see cref="ConfirmOperator"/>, once. A sequence already processed (a resend after a lost ack) changes nothing, so
    /// it cannot open a gate that closed again after the next job.
    /// </summary>
    /// <returns>What was waiting; null when the cell was not waiting or the sequence was processed before.</returns>
    public AwaitingOperator? ConfirmOperatorRemotely(string cellId, ulong sequence)
    {
        AwaitingOperator? waiting;
        lock (_gate)
        {
            if (_closed || (sequence > 0 && sequence <= _state.LastAcknowledgedSequence))
            {
                return null;
            }

            RecordOrchestratorSequence(sequence);
            waiting = _state.AwaitingOperator.FirstOrDefault(a => a.CellId == cellId);
            if (waiting is not null)
            {
                _state.AwaitingOperator.Remove(waiting);
            }

            Save();
        }

        if (waiting is not null)
        {
            OperatorGateChanged?.Invoke(this, cellId);
            QueueChanged.Pulse();
        }

        return waiting;
    }

    // Under _gate.
    private bool IsHeldForOperator(string cellId) =>
        _gatedCells.Contains(cellId) && _state.AwaitingOperator.Any(a => a.CellId == cellId);

    // Under _gate: a job that ran (anything but a refusal before it started) closes its gated cell's gate.
    private string? HoldForOperator(HeldJob job, V1.JobUpdateKind kind)
    {
        if (kind == V1.JobUpdateKind.Rejected || !_gatedCells.Contains(job.CellId) || IsHeldForOperator(job.CellId))
        {
            return null;
        }

        _state.AwaitingOperator.Add(new AwaitingOperator(job.CellId, job.JobId, _time.GetUtcNow()));
        return job.CellId;
    }
}
