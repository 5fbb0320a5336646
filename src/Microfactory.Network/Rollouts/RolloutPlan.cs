using Microfactory.Network.Designs;
using Microfactory.Network.Sites;

namespace Microfactory.Network.Rollouts;

/// <summary>The validated shape of a new rollout: its settings, target sites and wave membership.</summary>
public sealed record RolloutPlan(
    string Design,
    string Sha256,
    long SizeBytes,
    int SuccessThresholdPercent,
    int ErrorThreshold,
    TimeSpan? WaveTimeout,
    IReadOnlyList<string> WaveNames,
    IReadOnlyList<RolloutSite> Sites)
{
    public static readonly IReadOnlyList<int> DefaultSteps = [10, 50, 100];

    /// <summary>
    /// Targets every site with a cell that has all of the version's capabilities (optionally only in
    /// <see cref="RolloutRequest.Cities"/>), sorted by site id so the same request always gives the same waves.
    /// Throws <see cref="DomainValidationException"/> naming the first wrong field.
    /// </summary>
    public static RolloutPlan Create(RolloutRequest request, DesignVersion version, IReadOnlyList<SiteView> sites)
    {
        // The uploaded bundle is the truth; a request may name it only to be explicit, and must then agree.
        var sha = request.Sha256?.Trim() ?? version.BundleSha256 ?? "";
        if (sha.Length == 0)
        {
            throw new DomainValidationException("sha256", $"Design {version.Key} has no uploaded bundle: upload it first (PUT /api/designs/{version.Product}/versions/{version.Version}/bundle) or give 'sha256' and 'sizeBytes'.");
        }

        if (sha.Length != 64 || !sha.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            throw new DomainValidationException("sha256", "'sha256' must be the bundle's SHA-256 as 64 lower-case hex digits.");
        }

        if (version.BundleSha256 is { } uploaded && uploaded != sha)
        {
            throw new DomainValidationException("sha256", $"'sha256' {sha} is not the bundle uploaded for {version.Key} ({uploaded}).");
        }

        var size = request.SizeBytes ?? (version.BundleSha256 == sha ? version.BundleSize : null);
        if (size is not > 0)
        {
            throw new DomainValidationException("sizeBytes", "'sizeBytes' must be the bundle's size in bytes, more than zero.");
        }

        var threshold = request.SuccessThresholdPercent ?? 100;
        if (threshold is < 1 or > 100)
        {
            throw new DomainValidationException("successThresholdPercent", "'successThresholdPercent' must be between 1 and 100.");
        }

        var errorThreshold = request.ErrorThreshold ?? 1;
        if (errorThreshold < 1)
        {
            throw new DomainValidationException("errorThreshold", "'errorThreshold' must be at least 1 (the number of failed sites that aborts the rollout).");
        }

        if (request.WaveTimeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromDays(30)))
        {
            throw new DomainValidationException("waveTimeout", "'waveTimeout' must be more than zero and at most 30 days.");
        }

        var steps = request.Steps is { Count: > 0 } given ? given : DefaultSteps;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is < 1 or > 100 || (i > 0 && steps[i] <= steps[i - 1]))
            {
                throw new DomainValidationException("steps", "'steps' must be ascending percentages between 1 and 100, for example [10, 50, 100].");
            }
        }

        if (steps[^1] != 100)
        {
            throw new DomainValidationException("steps", "The last of 'steps' must be 100 so that every target site is reached.");
        }

        var targets = Targets(request.Cities, version, sites);
        var canaries = Canaries(request, targets);
        var waveNames = new List<string>();
        var members = new List<RolloutSite>();
        if (canaries.Count > 0)
        {
            waveNames.Add("canary");
            members.AddRange(canaries.Select(s => Member(s, 0, version)));
        }

        var rest = targets.Where(s => !canaries.Contains(s)).ToList();
        var assigned = canaries.Count;
        var next = 0;
        foreach (var step in steps)
        {
            var upTo = (int)Math.Ceiling(step * targets.Count / 100.0);
            var wave = new List<SiteView>();
            while (assigned < upTo && next < rest.Count)
            {
                wave.Add(rest[next++]);
                assigned++;
            }

            if (wave.Count > 0)
            {
                members.AddRange(wave.Select(s => Member(s, waveNames.Count, version)));
                waveNames.Add($"{step}%");
            }
        }

        return new RolloutPlan(version.Key, sha, size.Value, threshold, errorThreshold, request.WaveTimeout, waveNames, members);
    }

    private static List<SiteView> Targets(IReadOnlyList<string>? cities, DesignVersion version, IReadOnlyList<SiteView> sites)
    {
        var inCities = cities is { Count: > 0 } ? cities.ToHashSet(StringComparer.Ordinal) : null;
        if (inCities is not null)
        {
            var unknown = inCities.Where(c => !sites.Any(s => s.CityId == c)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new DomainValidationException("cities", $"No site is registered in: {string.Join(", ", unknown)}.");
            }
        }

        var targets = sites
            .Where(s => inCities is null || inCities.Contains(s.CityId))
            .Where(s => s.Cells.Any(c => version.Capabilities.All(c.Capabilities.Contains)))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        return targets.Count > 0
            ? targets
            : throw new DomainValidationException("design", $"No site{(inCities is null ? "" : " in the given cities")} has a cell with every capability {version.Key} needs ({string.Join(", ", version.Capabilities)}).");
    }

    private static List<SiteView> Canaries(RolloutRequest request, List<SiteView> targets)
    {
        if (request.CanarySites is { Count: > 0 } named)
        {
            var byId = targets.ToDictionary(s => s.Id, StringComparer.Ordinal);
            var notTargets = named.Where(id => !byId.ContainsKey(id)).ToList();
            if (notTargets.Count > 0)
            {
                throw new DomainValidationException("canarySites", $"Canary sites must be target sites of this rollout; not targets: {string.Join(", ", notTargets)}.");
            }

            return named.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(id => byId[id]).ToList();
        }

        var count = request.CanaryCount ?? 1;
        if (count < 0 || count > targets.Count)
        {
            throw new DomainValidationException("canaryCount", $"'canaryCount' must be between 0 and the number of target sites ({targets.Count}).");
        }

        return targets.Take(count).ToList();
    }

    private static RolloutSite Member(SiteView site, int wave, DesignVersion version)
    {
        // What a rollback returns the site to: the newest other version of the product it has installed now.
        var prefix = version.Product + "@";
        var previous = site.Cells.SelectMany(c => c.InstalledDesigns)
            .Where(d => d.StartsWith(prefix, StringComparison.Ordinal) && d != version.Key)
            .Select(d => (Key: d, Version: SemanticVersion.TryParse(d[prefix.Length..], out var v) ? v : default))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Key)
            .FirstOrDefault();
        return new RolloutSite(site.Id, wave, previous, false, false, false, null, null, null);
    }
}
