using Orleans;

namespace Microfactory.Network.Designs;

[GenerateSerializer]
public sealed class DesignState
{
    [Id(0)]
    public Dictionary<string, DesignVersion> Versions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Versions a rollout completed (and no rollback undid): the newest of them is the network's current version.</summary>
    [Id(1)]
    public HashSet<string> RolledOut { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("design")]
public sealed class DesignGrain(TimeProvider time, [PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<DesignState> state)
    : Grain, IDesignGrain
{
    private DesignState State => state.State;

    private string PrimaryKey => this.GetPrimaryKeyString();

    public const double MaxEnergyKwhPerPart = 10_000;

    public async Task<DesignVersion> RegisterVersionAsync(string version, DesignDefinition definition)
    {
        if (!SemanticVersion.TryParse(version, out var parsed))
        {
            throw new DomainValidationException("version", $"The design version must be {SemanticVersion.Rule}.");
        }

        // SemVer orders versions without their build metadata: 2.1.0+a and 2.1.0+b would tie for "newest".
        if (!State.Versions.ContainsKey(version) && State.Versions.Keys.FirstOrDefault(v => Parse(v).SamePrecedenceAs(parsed)) is { } twin)
        {
            throw new DomainValidationException("version",
                $"Design version '{version}' has the same precedence as the registered {twin}: SemVer ignores build metadata when ordering versions. Register a new version number or pre-release.");
        }

        var capabilities = Capabilities.Ensure(definition.Capabilities, "capabilities", "design");

        var cycle = definition.CycleTimePerPart ?? throw new DomainValidationException("cycleTimePerPart", "'cycleTimePerPart' is required (for example \"00:06:00\").");
        if (cycle <= TimeSpan.Zero || cycle > TimeSpan.FromDays(7))
        {
            throw new DomainValidationException("cycleTimePerPart", "'cycleTimePerPart' must be more than zero and at most 7 days.");
        }

        var changeover = definition.Changeover ?? TimeSpan.FromMinutes(30);
        if (changeover < TimeSpan.Zero || changeover > TimeSpan.FromDays(2))
        {
            throw new DomainValidationException("changeover", "'changeover' must be between zero and 2 days.");
        }

        if (definition.EnergyKwhPerPart is { } energy && (!double.IsFinite(energy) || energy < 0 || energy > MaxEnergyKwhPerPart))
        {
            throw new DomainValidationException("energyKwhPerPart", $"'energyKwhPerPart' must be between 0 and {MaxEnergyKwhPerPart}.");
        }

        var parameters = DesignParameterRules.Check(definition.Parameters);
        var candidate = new DesignVersion(PrimaryKey, version, capabilities, cycle, changeover, definition.Notes, time.GetUtcNow())
        {
            Parameters = parameters,
            EnergyKwhPerPart = definition.EnergyKwhPerPart,
        };
        if (State.Versions.TryGetValue(version, out var existing))
        {
            var same = existing.Capabilities.SequenceEqual(candidate.Capabilities) && existing.CycleTimePerPart == cycle
                && existing.Changeover == changeover && existing.Notes == definition.Notes
                && existing.Parameters.SequenceEqual(parameters, ParameterComparer.Instance) && existing.EnergyKwhPerPart == definition.EnergyKwhPerPart;
            return same
                ? existing
                : throw new InvalidStateException($"Design {existing.Key} is already registered with a different definition; register a new version instead.");
        }

        State.Versions[version] = candidate;
        await state.WriteStateAsync();
        return candidate;
    }

    public Task<DesignVersion?> GetVersionAsync(string? version)
    {
        if (version is not null)
        {
            return Task.FromResult(State.Versions.GetValueOrDefault(version));
        }

        return Task.FromResult(Current() ?? Newest());
    }

    public async Task MarkRolledOutAsync(string version, bool rolledOut)
    {
        if (!State.Versions.ContainsKey(version))
        {
            throw new NotFoundException("Design version", $"{PrimaryKey}@{version}");
        }

        if (rolledOut ? State.RolledOut.Add(version) : State.RolledOut.Remove(version))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<DesignVersion>> ListVersionsAsync() =>
        Task.FromResult<IReadOnlyList<DesignVersion>>(State.Versions.Values.OrderBy(v => Parse(v.Version)).ToList());

    // Once any version was rolled out, orders without a version get the newest rolled-out one, not a version that
    // was merely registered or is still rolling out (most sites would have to install it first).
    private DesignVersion? Current() => State.RolledOut.Select(v => State.Versions.GetValueOrDefault(v)).OfType<DesignVersion>().MaxBy(v => Parse(v.Version));

    public async Task<DesignVersion> AttachBundleAsync(string version, string sha256, long size)
    {
        if (!State.Versions.TryGetValue(version, out var existing))
        {
            throw new NotFoundException("Design version", $"{PrimaryKey}@{version}");
        }

        if (existing.BundleSha256 is { } stored)
        {
            return stored == sha256
                ? existing
                : throw new InvalidStateException(
                    $"Design {existing.Key} already has bundle sha256 {stored}; the uploaded body has sha256 {sha256}. Publish a new version instead.");
        }

        var attached = existing with { BundleSha256 = sha256, BundleSize = size };
        State.Versions[version] = attached;
        await state.WriteStateAsync();
        return attached;
    }

    private DesignVersion? Newest() => State.Versions.Values.MaxBy(v => Parse(v.Version));

    private static SemanticVersion Parse(string version) => SemanticVersion.TryParse(version, out var v) ? v : default;

    // Records compare lists by reference: two declarations are the same when every field and every choice is.
    private sealed class ParameterComparer : IEqualityComparer<DesignParameter>
    {
        public static readonly ParameterComparer Instance = new();

        public bool Equals(DesignParameter? x, DesignParameter? y) =>
            x is not null && y is not null && x with { Choices = null } == y with { Choices = null }
            && (x.Choices ?? []).SequenceEqual(y.Choices ?? [], StringComparer.Ordinal);

        public int GetHashCode(DesignParameter obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
