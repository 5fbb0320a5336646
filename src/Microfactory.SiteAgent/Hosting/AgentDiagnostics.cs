using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microfactory.SiteAgent.Hosting;

/// <summary>The agent's spans (job received, job run on its cell, driver steps) and metrics (jobs and parts finished).</summary>
public static class AgentDiagnostics
{
    public const string Name = "Microfactory.SiteAgent";

    public static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> JobsFinished = Meter.CreateCounter<long>("mf.agent.jobs.finished", "{job}", "Jobs this agent's cells ended, by outcome");

    internal static readonly Counter<long> Parts = Meter.CreateCounter<long>("mf.agent.parts", "{part}", "Parts made by this agent's cells, by quality (good, scrap)");

    /// <summary>Starts a child of the current span (a driver step); none when no job span is running.</summary>
    internal static Activity? StartStep(string name, string cellId, string jobId) =>
        Activity.Current is null ? null : Source.StartActivity(name)?.SetTag("mf.cell.id", cellId).SetTag("mf.job.id", jobId);
}
