using Microfactory.SiteAgent.Drivers;

namespace Microfactory.SiteAgent.Simulation;

/// <summary>The counts and progress reports of one job on a simulated cell.</summary>
internal sealed class SimulatedJobRun(CellJob job, IProgress<JobProgress>? progress, TimeProvider time, DateTimeOffset startedAt)
{
    public CellJob Job => job;

    public int Good { get; private set; }

    public int Scrap { get; private set; }

    public int Made => Good + Scrap;

    public void Report(JobStage stage, string? detail = null) =>
        progress?.Report(new JobProgress(job.JobId, stage, Good, Scrap, job.Quantity, time.GetUtcNow(), detail));

    public void PartMade(bool good)
    {
        if (good)
        {
            Good++;
        }
        else
        {
            Scrap++;
        }

        Report(JobStage.PartCompleted, good ? null : "scrap");
    }

    public void MachineDown(string reason) => Report(JobStage.MachineDown, reason);

    public void MachineUp() => Report(JobStage.MachineUp);

    public JobResult Cancelled() => Finish(JobOutcome.Cancelled, $"Cancelled after {Made} of {job.Quantity} parts.");

    public JobResult Finish(JobOutcome outcome, string? reason) =>
        new(job.JobId, outcome, Good, Scrap, startedAt, time.GetUtcNow(), reason);
}
