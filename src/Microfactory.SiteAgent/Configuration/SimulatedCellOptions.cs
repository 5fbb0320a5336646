namespace Microfactory.SiteAgent.Configuration;

/// <summary>How a simulated cell behaves (section <c>Agent:Cells:{n}:Simulated</c>).</summary>
public sealed class SimulatedCellOptions
{
    /// <summary>Machine time to set up for a different design.</summary>
    public TimeSpan ChangeoverTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Machine time per part.</summary>
    public TimeSpan CycleTime { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The job parameter (e.g. "length") that scales the cycle time: a part takes <see cref="CycleTime"/> ×
    /// value ÷ <see cref="ReferenceSize"/>. Unset: every part takes <see cref="CycleTime"/>. A job without the
    /// parameter takes <see cref="CycleTime"/>; one whose value is not a positive number is rejected.
    /// </summary>
    public string? SizeParameter { get; set; }

    /// <summary>The size at which a part takes exactly <see cref="CycleTime"/>.</summary>
    public double ReferenceSize { get; set; } = 1;

    /// <summary>The simulated meter: energy per part at the reference size (kWh, scaled like the cycle time). Unset: no reading.</summary>
    public double? EnergyKwhPerPart { get; set; }

    /// <summary>Probability that a part comes out as scrap, from 0 (never) to below 1.</summary>
    public double ScrapRate { get; set; } = 0.02;

    /// <summary>Seed for the scrap draws; the same seed gives the same good/scrap sequence. Unset: random.</summary>
    public int? Seed { get; set; }

    /// <summary>Time to install a design bundle.</summary>
    public TimeSpan InstallTime { get; set; } = TimeSpan.Zero;

    /// <summary>Design versions the cell starts with (hash unknown).</summary>
    public List<string> InstalledDesigns { get; set; } = [];

    /// <summary>The design the cell starts set up for; must be one of <see cref="InstalledDesigns"/>.</summary>
    public string? LoadedDesign { get; set; }
}
