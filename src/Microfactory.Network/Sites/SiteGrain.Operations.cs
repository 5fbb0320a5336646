using Microfactory.Network.Cells;

namespace Microfactory.Network.Sites;

/// <summary>
/// The site's side of cell operations: remote operator confirmations (through the outbox to the agent), planned
/// maintenance windows (routing and the site refuse new work inside one) and each cell's maintenance log.
/// </summary>
public sealed partial class SiteGrain
{
    public async Task<OperatorConfirmation> ConfirmOperatorAsync(string cellId, string confirmedBy, string? note)
    {
        var cell = RequireCell(cellId);
        // Asked twice before the agent answered: the confirmation already on its way serves both.
        if (State.Outbox.LastOrDefault(m => m.Confirmation?.CellId == cellId) is { Confirmation: { } pending })
        {
            return pending;
        }

        if (!cell.AwaitingOperator)
        {
            throw new InvalidStateException($"Cell '{cellId}' of site '{PrimaryKey}' is not waiting for an operator.");
        }

        State.LastSequence++;
        var confirmation = new OperatorConfirmation(State.LastSequence, PrimaryKey, cellId, confirmedBy, note, time.GetUtcNow());
        State.Outbox.Add(new OutboxMessage(State.LastSequence, OutboxKind.OperatorConfirmation, "", null, note) { Confirmation = confirmation });
        await SaveAsync();
        return confirmation;
    }

    public async Task<CellView> SetMaintenanceAsync(string cellId, DateTimeOffset? from, DateTimeOffset until, string reason, string by)
    {
        var cell = RequireCell(cellId);
        RequireReason(reason);
        var now = time.GetUtcNow();
        var start = from ?? now;
        if (until <= start)
        {
            throw new DomainValidationException("until", "'until' must be after 'from' (or after now when 'from' is absent).");
        }

        if (until <= now)
        {
            throw new DomainValidationException("until", "'until' is in the past: a maintenance window must end in the future.");
        }

        var window = new MaintenanceWindow(start, until, reason, by, now);
        await Cell(cellId).AppendLogAsync(new MaintenanceLogEntry(0, MaintenanceLogKind.WindowPlanned, now, by, reason, [], $"{start:u} to {until:u}", now));
        State.Cells[cellId] = cell with { Maintenance = window };
        await SaveAsync();
        return State.Cells[cellId];
    }

    public async Task<CellView> ClearMaintenanceAsync(string cellId, string by)
    {
        var cell = RequireCell(cellId);
        if (cell.Maintenance is not { } window)
        {
            return cell; // clearing nothing is not an error: a retried DELETE gets the same answer
        }

        var now = time.GetUtcNow();
        await Cell(cellId).AppendLogAsync(new MaintenanceLogEntry(0, MaintenanceLogKind.WindowCleared, now, by, window.Reason, [], null, now));
        State.Cells[cellId] = cell with { Maintenance = null };
        await SaveAsync();
        return State.Cells[cellId];
    }

    public Task<MaintenanceLogEntry> RecordMaintenanceAsync(string cellId, MaintenanceRecord record, string by)
    {
        RequireCell(cellId);
        RequireReason(record.Reason);
        var now = time.GetUtcNow();
        return Cell(cellId).AppendLogAsync(new MaintenanceLogEntry(
            0, MaintenanceLogKind.Work, record.At ?? now, by, record.Reason, record.PartsReplaced ?? [], record.Notes, now));
    }

    public Task<IReadOnlyList<MaintenanceLogEntry>> MaintenanceLogAsync(string cellId)
    {
        RequireCell(cellId);
        return Cell(cellId).MaintenanceLogAsync();
    }

    /// <summary>Records what the agent says about the cell's operator gate; true when it changed.</summary>
    private bool ApplyOperatorGate(CellReport report)
    {
        if (report.AwaitingOperator is not { } awaiting || !State.Cells.TryGetValue(report.CellId, out var cell) || cell.AwaitingOperator == awaiting)
        {
            return false;
        }

        State.Cells[report.CellId] = cell with { AwaitingOperator = awaiting };
        return true;
    }

    private CellView RequireCell(string cellId)
    {
        EnsureRegistered();
        return State.Cells.TryGetValue(cellId, out var cell) ? cell : throw new NotFoundException("Cell", $"{PrimaryKey}/{cellId}");
    }

    private static void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainValidationException("reason", "'reason' must say why (it is empty).");
        }
    }

    private ICellGrain Cell(string cellId) => GrainFactory.GetGrain<ICellGrain>(Ids.Cell(PrimaryKey, cellId));
}
