using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>Per-site agent credentials (section "Agents:Credentials", site id to secret). A secret acts for its site only.</summary>
public sealed class SiteCredentialOptions
{
    public const string Section = "Agents";

    public Dictionary<string, string> Credentials { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Finds the site a presented credential belongs to, comparing SHA-256 digests in constant time.</summary>
public sealed class SiteCredentials(IOptionsMonitor<SiteCredentialOptions> options)
{
    public const int MinimumLength = 24;

    // The configured secrets' digests, computed once per options instance: hashing every secret on every Connect
    // made 5,000 connecting agents cost 25 million hashes.
    private volatile DigestSet? _digests;

    /// <summary>The site the bearer credential in <paramref name="authorization"/> belongs to, or null.</summary>
    public string? SiteOf(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim()));
        string? site = null;
        foreach (var (siteId, digest) in Digests())
        {
            // Compare against every credential, so the time taken does not tell which one came close.
            if (CryptographicOperations.FixedTimeEquals(presented, digest))
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
