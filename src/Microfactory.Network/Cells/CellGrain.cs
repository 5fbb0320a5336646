using Orleans;
using Microfactory.Network.Designs;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Cells;

[GenerateSerializer]
public sealed class CellGrainState
{
    [Id(0)]
    public string SiteId { get; set; } = "";

    [Id(1)]
    public string CellId { get; set; } = "";

    [Id(2)]
    public List<string> Capabilities { get; set; } = [];

    [Id(3)]
    public List<string> InstalledDesigns { get; set; } = [];

    [Id(4)]
    public double HoursPerDay { get; set; }

    [Id(5)]
    public double ThroughputFactor { get; set; }

    [Id(6)]
    public double BacklogLimitHours { get; set; }

    /// <summary>The machine's state as its agent last reported it; the site derives busy or idle from its queue.</summary>
    [Id(7)]
    public CellState State { get; set; } = CellState.Idle;

    /// <summary>The latest maintenance log entries, oldest first (at most <see cref="CellGrain.MaintenanceLogKept"/>).</summary>
    [Id(8)]
    public List<MaintenanceLogEntry> MaintenanceLog { get; set; } = [];

    [Id(9)]
    public long LastLogNumber { get; set; }
}

[GrainType("cell")]
public sealed class CellGrain([PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<CellGrainState> persisted)
    : Grain, ICellGrain
{
    /// <summary>Entries a cell keeps; older ones leave the log (docs/maintenance.md says so).</summary>
    public const int MaintenanceLogKept = 1000;

    private CellGrainState State => persisted.State;

    private string PrimaryKey => this.GetPrimaryKeyString();

    public async Task<CellView> ConfigureAsync(CellDefinition definition)
    {
        var parts = PrimaryKey.Split('/');
        State.SiteId = parts[0];
        State.CellId = parts[1];
        State.Capabilities = CellRules.Capabilities(definition.Capabilities);
        State.HoursPerDay = CellRules.InRange(definition.HoursPerDay ?? 16, "hoursPerDay", 0.5, 24);
        State.ThroughputFactor = CellRules.InRange(definition.ThroughputFactor ?? 1, "throughputFactor", 0.05, 20);
        State.BacklogLimitHours = CellRules.InRange(definition.BacklogLimitHours ?? 80, "backlogLimitHours", 1, 100_000);
        if (definition.InstalledDesigns is { } designs)
        {
            State.InstalledDesigns = CellRules.Designs(designs);
        }

        await persisted.WriteStateAsync();
        return View();
    }

    public Task<CellView> GetAsync() => Task.FromResult(View());

    public async Task<CellView> ReportAsync(CellState state, IReadOnlyList<string>? installedDesigns)
    {
        var designs = installedDesigns is null ? State.InstalledDesigns : CellRules.Designs(installedDesigns);
        if (state == State.State && designs.SequenceEqual(State.InstalledDesigns))
        {
            return View();
        }

        State.State = state;
        State.InstalledDesigns = designs;
        await persisted.WriteStateAsync();
        return View();
    }

    public async Task<MaintenanceLogEntry> AppendLogAsync(MaintenanceLogEntry entry)
    {
        var numbered = entry with { Number = State.LastLogNumber + 1 };
        State.LastLogNumber = numbered.Number;
        State.MaintenanceLog.Add(numbered);
        if (State.MaintenanceLog.Count > MaintenanceLogKept)
        {
            State.MaintenanceLog.RemoveRange(0, State.MaintenanceLog.Count - MaintenanceLogKept);
        }

        await persisted.WriteStateAsync();
        return numbered;
    }

    public Task<IReadOnlyList<MaintenanceLogEntry>> MaintenanceLogAsync() =>
        Task.FromResult<IReadOnlyList<MaintenanceLogEntry>>(State.MaintenanceLog.ToList());

    private CellView View() => new(
        State.SiteId,
        State.CellId,
        State.Capabilities,
        State.InstalledDesigns,
        State.HoursPerDay,
        State.ThroughputFactor,
        State.BacklogLimitHours,
        State.State,
        0,
        0,
        0,
        []);
}

internal static class CellRules
{
    public static List<string> Capabilities(IReadOnlyList<string>? capabilities) => Network.Capabilities.Ensure(capabilities, "capabilities", "cell");

    public static List<string> Designs(IReadOnlyList<string> designs)
    {
        foreach (var d in designs)
        {
            var at = d.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || !Ids.IsValid(d[..at]) || !SemanticVersion.TryParse(d[(at + 1)..], out _))
            {
                throw new DomainValidationException("installedDesigns", $"Installed design '{d}' must look like product@1.2.3.");
            }
        }

        return designs.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public static double InRange(double value, string field, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw new DomainValidationException(field, $"'{field}' must be between {min} and {max} (got {value}).");
}
