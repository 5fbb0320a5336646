using Orleans;

namespace Microfactory.Network.Credentials;

/// <summary>A site's credentials and enrolment tokens as the admin API shows them: ids and times, never a secret or digest.</summary>
[GenerateSerializer]
public sealed record SiteCredentialView(
    [property: Id(0)] string SiteId,
    [property: Id(1)] IReadOnlyList<CredentialInfo> Credentials,
    [property: Id(2)] IReadOnlyList<EnrolmentTokenInfo> EnrolmentTokens,
    [property: Id(3)] DateTimeOffset? RevokedAt);

/// <param name="Id">The first 12 hex digits of the credential's SHA-256: enough to tell credentials apart, useless to an attacker.</param>
/// <param name="RetiresAt">When a rotation's grace period ends and this credential is refused; null while it is the current one.</param>
[GenerateSerializer]
public sealed record CredentialInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset IssuedAt,
    [property: Id(2)] DateTimeOffset? RetiresAt,
    [property: Id(3)] string IssuedBy);

[GenerateSerializer]
public sealed record EnrolmentTokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] DateTimeOffset? UsedAt);

/// <summary>Whether a presented credential acts for the site now, and until when (null: until rotated or revoked).</summary>
[GenerateSerializer]
public sealed record CredentialCheck([property: Id(0)] bool Valid, [property: Id(1)] DateTimeOffset? RetiresAt);

/// <summary>What became of an enrolment token exchange.</summary>
public enum EnrolOutcome
{
    Enrolled,
    UnknownToken,
    Expired,
    AlreadyUsed,
}

[GenerateSerializer]
public sealed record EnrolResult([property: Id(0)] EnrolOutcome Outcome, [property: Id(1)] DateTimeOffset At);
