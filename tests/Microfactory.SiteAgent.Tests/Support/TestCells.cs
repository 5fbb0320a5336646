using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>A simulated cell with round numbers: 10 min changeover, 60 s per part, no scrap unless asked.</summary>
internal static class TestCells
{
    public const string DesignA = "bracket-a@1.0.0";
    public const string DesignB = "housing-b@2.1.0";
    public static readonly TimeSpan Changeover = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Cycle = TimeSpan.FromSeconds(60);

    public static SimulatedCellDriver Create(TimeProvider clock, Action<SimulatedCellOptions>? configure = null)
    {
        var settings = new SimulatedCellOptions
        {
            ChangeoverTime = Changeover,
            CycleTime = Cycle,
            ScrapRate = 0,
            Seed = 7,
            InstalledDesigns = [DesignA, DesignB],
            LoadedDesign = DesignA,
        };
        configure?.Invoke(settings);
        return new SimulatedCellDriver("cnc-1", ["cnc-milling"], 16, settings, clock, NullLogger<SimulatedCellDriver>.Instance);
    }

    public static CellJob Job(string design, int quantity, string id = "job-1") => new(id, "order-1", design, quantity);
}

/// <summary>Records every progress report, in order.</summary>
internal sealed class ProgressLog : IProgress<JobProgress>
{
    private readonly Lock _gate = new();
    private readonly List<JobProgress> _reports = [];

    public IReadOnlyList<JobProgress> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    public IReadOnlyList<JobStage> Stages => [.. Reports.Select(r => r.Stage)];

    public void Report(JobProgress value)
    {
        lock (_gate)
        {
            _reports.Add(value);
        }
    }
}
