using System.Security.Cryptography;
using System.Text;
using Microfactory.Network;
using Microfactory.Network.Credentials;
using Microsoft.Extensions.Options;
using Orleans;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>
/// Site credentials (section "Agents"): the ones an admin issues through the API (enrolment, rotation), and fixed
/// ones from configuration ("Agents:Credentials", site id to secret), which tests and small installs use.
/// </summary>
public sealed class SiteCredentialOptions
{
    public const string Section = "Agents";

    public static readonly TimeSpan MinTokenLifetime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxRotationGrace = TimeSpan.FromDays(30);

    public Dictionary<string, string> Credentials { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long an enrolment token works when its request names no expiry (1 minute to 24 hours).</summary>
    public TimeSpan EnrolmentTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a site's previous credential keeps working after a rotation (or a re-enrolment) when the request names
    /// no grace (0 to 30 days): a day to put the new one on the agent without downtime.
    /// </summary>
    public TimeSpan RotationGrace { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>The site a call's credential acts for; <see cref="Digest"/> and <see cref="RetiresAt"/> only for an issued credential.</summary>
public sealed record SiteCaller(string SiteId, string? Digest, DateTimeOffset? RetiresAt);

/// <summary>
/// Finds the site a presented credential belongs to. An issued credential names its site (<see cref="SiteSecrets"/>),
/// so the check is one call to that site's credential grain, on whichever silo it lives: any silo can authenticate
/// any agent, and a revocation counts at once everywhere. Configured secrets are compared as SHA-256 digests in
/// constant time.
/// </summary>
public sealed class SiteCredentials(IOptionsMonitor<SiteCredentialOptions> options, IGrainFactory grains)
{
    public const int MinimumLength = 24;

    // The configured secrets' digests, computed once per options instance: hashing every secret on every Connect
    // made 5,000 connecting agents cost 25 million hashes.
    private volatile DigestSet? _digests;

    /// <summary>The site the bearer credential in <paramref name="authorization"/> acts for now, or null.</summary>
    public async Task<SiteCaller?> AuthenticateAsync(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = authorization["Bearer ".Length..].Trim();
        if (ConfiguredSiteOf(presented) is { } configured)
        {
            return new SiteCaller(configured, null, null);
        }

        if (SiteSecrets.SiteOfCredential(presented) is not { } site)
        {
            return null;
        }

        var digest = SiteSecrets.Digest(presented);
        var check = await GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteCredentialGrain>(site).CheckAsync(digest));
        return check.Valid ? new SiteCaller(site, digest, check.RetiresAt) : null;
    }

    /// <summary>Whether the credential a call opened with still acts for its site (it may have been revoked since).</summary>
    public async Task<bool> StillValidAsync(SiteCaller caller) =>
        caller.Digest is not { } digest
        || (await GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteCredentialGrain>(caller.SiteId).CheckAsync(digest))).Valid;

    private string? ConfiguredSiteOf(string presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? site = null;
        foreach (var (siteId, configured) in Digests())
        {
            // Compare against every credential, so the time taken does not tell which one came close.
            if (CryptographicOperations.FixedTimeEquals(digest, configured))
            {
                site = siteId;
            }
        }

        return site;
    }

    private (string SiteId, byte[] Digest)[] Digests()
    {
        var current = options.CurrentValue;
        if (_digests is { } cached && ReferenceEquals(cached.Source, current))
        {
            return cached.Digests;
        }

        var digests = current.Credentials.Select(p => (p.Key, SHA256.HashData(Encoding.UTF8.GetBytes(p.Value)))).ToArray();
        _digests = new DigestSet(current, digests);
        return digests;
    }

    private sealed record DigestSet(SiteCredentialOptions Source, (string SiteId, byte[] Digest)[] Digests);
}
