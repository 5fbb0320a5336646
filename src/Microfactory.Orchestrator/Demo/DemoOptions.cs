using System.ComponentModel.DataAnnotations;

namespace Microfactory.Orchestrator.Demo;

/// <summary>The simulated network the main job runs (section "Demo"; on with --demo).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    [Range(1, 8)]
    public int SitesPerCity { get; set; } = 3;

    /// <summary>New orders per second from the synthetic customers.</summary>
    [Range(0.0, 1000.0)]
    public double OrdersPerSecond { get; set; } = 4;

    /// <summary>How long one work hour takes in the simulation.</summary>
    public TimeSpan WorkHour { get; set; } = TimeSpan.FromSeconds(2);

    [Range(0.0, 0.5)]
    public double ScrapRate { get; set; } = 0.03;

    /// <summary>How often a plain (non-interactive) terminal gets a summary line.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the live view is redrawn on an interactive terminal.</summary>
    public TimeSpan ViewRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Also log to the terminal (as <c>--verbose</c> does); the terminal then gets summary lines, not the live view.</summary>
    public bool Verbose { get; set; }

    /// <summary>The log file; default <c>.data/logs/demo-&lt;UTC start time&gt;.log</c>.</summary>
    public string? LogFile { get; set; }

    public int Seed { get; set; } = 42;

    public DemoSurgeOptions Surge { get; set; } = new();

    /// <summary>Run the first site's first two cells on real peers (pymodbus, mosquitto) instead of simulated cells (DemoMachines).</summary>
    public bool RealPeers { get; set; }
}
