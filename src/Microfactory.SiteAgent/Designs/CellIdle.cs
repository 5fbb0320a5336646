using Microfactory.SiteAgent.Drivers;

namespace Microfactory.SiteAgent.Designs;

/// <summary>Waits until a cell runs no job, so a design change never interrupts one.</summary>
internal static class CellIdle
{
    public static bool IsBusy(CellStatus status) => status.State is CellState.Running or CellState.ChangingOver;

    public static async Task WaitAsync(ICellDriver cell, CancellationToken cancellationToken)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, CellStatus status)
        {
            if (!IsBusy(status))
            {
                idle.TrySetResult();
            }
        }

        cell.StatusChanged += OnChanged;
        try
        {
            // Checked after subscribing: a job ending in between is either seen here or raises the event.
            if (!IsBusy(cell.GetStatus()))
            {
                return;
            }

            await idle.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            cell.StatusChanged -= OnChanged;
        }
    }
}
