using Microfactory.SiteAgent.Contracts;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.State;
using Microsoft.Extensions.Logging;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Link;

/// <summary>
/// Runs one cell's jobs one at a time: an interrupted job first (resumed from its persisted counts), then the
/// queue by priority and due date, reporting each step through the <see cref="JobBook"/>.
/// </summary>
internal sealed class CellJobRunner(ICellDriver cell, JobBook book, LinkGate gate, TimeProvider time, TimeSpan progressInterval, ILogger logger)
{
    private readonly Lock _gate = new();
    private (string JobId, CancellationTokenSource Stop)? _running;

    public string CellId => cell.CellId;

    /// <summary>Stops the running job at its next part boundary, if it is <paramref name="jobId"/>.</summary>
    public void CancelRunning(string jobId)
    {
        lock (_gate)
        {
            if (_running is { } running && running.JobId == jobId)
            {
                running.Stop.Cancel();
            }
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var wake = book.QueueChanged.Next;
            var job = book.TakeNext(cell.CellId, gate.MayStartQueuedJobs);
            if (job is null)
            {
                await wake.WaitAsync(stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            await RunOneAsync(job, stopping).ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(HeldJob job, CancellationToken stopping)
    {
        var (goodBefore, scrapBefore) = (job.Good, job.Scrap);
        var remaining = job.Quantity - job.Made;
        if (remaining <= 0)
        {
            // Killed after the last part but before DONE was recorded.
            book.Finished(job.JobId, V1.JobUpdateKind.Done, job.Good, job.Scrap, null);
            return;
        }

        if (job.Made > 0)
        {
            AgentLinkLog.JobResumed(logger, cell.CellId, job.JobId, job.Made, job.Quantity);
        }

        // Not linked to stopping: an agent that shuts down abandons the run (the driver's StopAsync) without telling
        // the machine to stop; only a cancellation from the orchestrator stops it.
        using var stop = new CancellationTokenSource();
        lock (_gate)
        {
            _running = (job.JobId, stop);
        }

        // Checked after registering: a cancellation arriving in between either sees the registration or is seen here.
        if (book.IsCancelRequested(job.JobId))
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        var lastProgress = time.GetUtcNow();
        var progress = new InlineProgress<JobProgress>(p =>
        {
            if (p.Stage == JobStage.Started)
            {
                book.Started(job.JobId, p.At);
            }
            else if (p.Stage == JobStage.PartCompleted)
            {
                var report = p.Good + p.Scrap < remaining && p.At - lastProgress >= progressInterval;
                if (report)
                {
                    lastProgress = p.At;
                }

                book.PartsMade(job.JobId, goodBefore + p.Good, scrapBefore + p.Scrap, report);
            }
        });

        // Continues the order's trace from the context persisted with the job, however long it queued and across reconnects or restarts.
        using var span = JobTracing.StartRun(job, cell.CellId);
        JobResult result;
        try
        {
            var cellJob = new CellJob(job.JobId, job.OrderId, job.DesignVersion, remaining, job.DesignSha256) { GoodBefore = goodBefore, ScrapBefore = scrapBefore, Parameters = job.Parameters };
            result = await cell.RunJobAsync(cellJob, progress, stop.Token).WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The agent stops: the job stays running on disk and resumes from its counts at the next start.
            return;
        }
        finally
        {
            lock (_gate)
            {
                _running = null;
            }
        }

        if (stopping.IsCancellationRequested && result.Outcome == JobOutcome.Cancelled)
        {
            return;
        }

        var reason = result.Outcome == JobOutcome.Cancelled ? $"Cancelled at a part boundary after {goodBefore + scrapBefore + result.Good + result.Scrap} of {job.Quantity} parts." : result.Reason;
        book.Finished(job.JobId, result.Outcome.ToUpdateKind(), goodBefore + result.Good, scrapBefore + result.Scrap, reason, result.EnergyKwh);
        JobTracing.Ended(span, result.Outcome, goodBefore + result.Good, scrapBefore + result.Scrap, reason);
        AgentLinkLog.JobEnded(logger, cell.CellId, job.JobId, result.Outcome.ToString(), goodBefore + result.Good, scrapBefore + result.Scrap);
    }
}
