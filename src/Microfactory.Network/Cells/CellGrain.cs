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

    [Id(7)]
    public CellState State { get; set; } = CellState.Idle;

    [Id(8)]
    public List<CellJob> Queue { get; set; } = [];
}

[GrainType("cell")]
public sealed class CellGrain(TimeProvider time, [PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<CellGrainState> persisted)
    : Grain, ICellGrain
{
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

    public async Task<CellView> EnqueueAsync(CellJob job)
    {
        if (State.Queue.Any(j => j.JobId == job.JobId))
        {
            return await FreshViewAsync();
        }

        State.Queue.Add(job);
        await persisted.WriteStateAsync();
        return View();
    }

    public async Task<CellView> UpdateJobAsync(string jobId, CellJobStatus? status, int partsDone, bool finished)
    {
        var index = State.Queue.FindIndex(j => j.JobId == jobId);
        if (index < 0)
        {
            return await FreshViewAsync();
        }

        var job = State.Queue[index];
        if (finished)
        {
            State.Queue.RemoveAt(index);
        }
        else
        {
            State.Queue[index] = job with
            {
                Status = status ?? job.Status,
                PartsDone = Math.Max(job.PartsDone, partsDone),
                StartedAt = status == CellJobStatus.Running ? job.StartedAt ?? time.GetUtcNow() : job.StartedAt,
            };
        }

        State.State = State.Queue.Any(j => j.Status == CellJobStatus.Running) ? CellState.Busy : State.State == CellState.Busy ? CellState.Idle : State.State;
        await persisted.WriteStateAsync();
        return View();
    }

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

    /// <summary>
    /// The view after re-reading the store. Paths that change nothing never meet an ETag conflict, so on a node whose
    /// activation is stale (another node wrote since) they would hand the site an old queue to store as its summary.
    /// </summary>
    private async Task<CellView> FreshViewAsync()
    {
        await persisted.ReadStateAsync();
        return View();
    }

    private CellView View() => new(
        State.SiteId,
        State.CellId,
        State.Capabilities,
        State.InstalledDesigns,
        State.HoursPerDay,
        State.ThroughputFactor,
        State.BacklogLimitHours,
        State.State,
        State.Queue.Sum(j => j.RemainingHours),
        State.Queue.Count(j => j.Status == CellJobStatus.Queued),
        State.Queue.Count(j => j.Status == CellJobStatus.Running),
        State.Queue.ToList());
}

internal static class CellRules
{
    public static List<string> Capabilities(IReadOnlyList<string>? capabilities)
    {
        var list = (capabilities ?? []).Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        return list.Count > 0 ? list : throw new DomainValidationException("capabilities", "A cell needs at least one capability (for example cnc, additive, assembly).");
    }

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
