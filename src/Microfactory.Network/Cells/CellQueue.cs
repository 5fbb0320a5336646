using Microfactory.Network.Routing;

namespace Microfactory.Network.Cells;

/// <summary>
/// A cell's queue as its site keeps it. The site is the aggregate that takes work, so the queue lives in the site's
/// state (one write per placement); the cell grain keeps what belongs to the machine (configuration, reported state,
/// installed designs). A cell's view is the cell grain's part with the site's queue, and counts derived from it.
/// </summary>
internal static class CellQueue
{
    /// <summary>Adds a job; a job already queued is left as it is.</summary>
    public static CellView Enqueue(CellView cell, CellJob job) =>
        cell.Queue.Any(j => j.JobId == job.JobId) ? cell : With(cell with { SetupKey = job.SetupKey ?? job.Design }, [.. cell.Queue, job], cell.State);

    /// <summary>Records progress on a job; a finished job leaves the queue. An unknown job changes nothing.</summary>
    public static CellView Update(CellView cell, string jobId, CellJobStatus? status, int partsDone, bool finished, DateTimeOffset now)
    {
        var index = cell.Queue.ToList().FindIndex(j => j.JobId == jobId);
        if (index < 0)
        {
            return cell;
        }

        var queue = cell.Queue.ToList();
        var job = queue[index];
        if (finished)
        {
            queue.RemoveAt(index);
        }
        else
        {
            queue[index] = job with
            {
                Status = status ?? job.Status,
                PartsDone = Math.Max(job.PartsDone, partsDone),
                StartedAt = status == CellJobStatus.Running ? job.StartedAt ?? now : job.StartedAt,
            };
        }

        return With(cell, queue, cell.State);
    }

    /// <summary>The cell grain's view of the machine (configuration, reported state) with the site's queue for it.</summary>
    public static CellView WithMachine(CellView machine, CellView? current) =>
        With(machine with { SetupKey = current?.SetupKey ?? machine.SetupKey, Maintenance = current?.Maintenance, AwaitingOperator = current?.AwaitingOperator ?? false }, current?.Queue ?? [], machine.State);

    /// <summary>A machine that reports itself down or in maintenance stays so; otherwise it is busy exactly while a job runs.</summary>
    private static CellView With(CellView cell, IReadOnlyList<CellJob> queue, CellState reported)
    {
        var running = queue.Count(j => j.Status == CellJobStatus.Running);
        var state = reported is CellState.Down or CellState.Maintenance ? reported : running > 0 ? CellState.Busy : CellState.Idle;
        return cell with
        {
            Queue = queue,
            State = state,
            BacklogHours = queue.Sum(j => j.RemainingHours),
            QueuedJobs = queue.Count - running,
            RunningJobs = running,
        };
    }
}
