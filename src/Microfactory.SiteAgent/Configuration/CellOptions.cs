namespace Microfactory.SiteAgent.Configuration;

/// <summary>One production cell (section <c>Agent:Cells:{n}</c>).</summary>
public sealed class CellOptions
{
    /// <summary>Unique within the site, lowercase letters, digits and dashes, e.g. "cnc-1".</summary>
    public string Id { get; set; } = "";

    /// <summary>Which driver runs the cell, e.g. "simulated".</summary>
    public string Driver { get; set; } = "";

    /// <summary>Process capabilities, lowercase words with dashes, e.g. "cnc-milling".</summary>
    public List<string> Capabilities { get; set; } = [];

    /// <summary>Scheduled production hours per day, more than 0 and at most 24.</summary>
    public double HoursAvailablePerDay { get; set; } = 16;

    /// <summary>Settings for the "simulated" driver; defaults apply when the section is absent.</summary>
    public SimulatedCellOptions Simulated { get; set; } = new();

    /// <summary>Where this cell was configured (e.g. "Agent:Cells:2"), for error messages; not itself configurable.</summary>
    internal string? SectionPath { get; init; }
}
