using Orleans;

namespace Microfactory.Network.Credentials;

/// <summary>A site's issued credentials and enrolment tokens, as digests only (<see cref="SiteSecrets"/>).</summary>
[GenerateSerializer]
public sealed class SiteCredentialState
{
    [Id(0)]
    public List<StoredCredential> Credentials { get; set; } = [];

    [Id(1)]
    public List<StoredEnrolmentToken> Tokens { get; set; } = [];

    /// <summary>When an admin last revoked every credential of the site (null: never).</summary>
    [Id(2)]
    public DateTimeOffset? RevokedAt { get; set; }
}

[GenerateSerializer]
public sealed class StoredCredential
{
    [Id(0)]
    public string Digest { get; set; } = "";

    [Id(1)]
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Set when a rotation replaced it: refused from then on (the end of the grace period).</summary>
    [Id(2)]
    public DateTimeOffset? RetiresAt { get; set; }

    /// <summary>How it was issued: "enrolment" or "rotation".</summary>
    [Id(3)]
    public string IssuedBy { get; set; } = "";
}

[GenerateSerializer]
public sealed class StoredEnrolmentToken
{
    [Id(0)]
    public string Digest { get; set; } = "";

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(2)]
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The API key's name that created it.</summary>
    [Id(3)]
    public string CreatedBy { get; set; } = "";

    /// <summary>When an agent exchanged it; a used token is kept until it expires, so a second try is told why.</summary>
    [Id(4)]
    public DateTimeOffset? UsedAt { get; set; }
}
