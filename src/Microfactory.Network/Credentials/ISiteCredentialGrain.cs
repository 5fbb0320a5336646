using Orleans;
using Orleans.Concurrency;

namespace Microfactory.Network.Credentials;

/// <summary>
/// One site's agent credentials (keyed by site id): enrolment tokens and issued credentials, stored as SHA-256
/// digests. The edges make the secrets and pass only digests in, so no secret travels between silos or reaches
/// storage. Calls only its Site (to end the agent's stream when its credentials are revoked).
/// </summary>
[Alias("site-credential")]
public interface ISiteCredentialGrain : IGrainWithStringKey
{
    /// <summary>Records a one-time enrolment token that works until <paramref name="expiresAt"/>. NotFound when the site is not registered.</summary>
    Task<EnrolmentTokenInfo> AddEnrolmentTokenAsync(string tokenDigest, DateTimeOffset expiresAt, string createdBy);

    /// <summary>
    /// Exchanges a token for a credential in one write: the token is marked used and the credential recorded
    /// together, so of two exchanges of one token exactly one is <see cref="EnrolOutcome.Enrolled"/>. An earlier
    /// credential of the site stays valid for <paramref name="grace"/> (an agent re-enrolled, its old copy retires).
    /// </summary>
    Task<EnrolResult> EnrolAsync(string tokenDigest, string credentialDigest, TimeSpan grace);

    /// <summary>Records a new credential; the current ones are refused after <paramref name="grace"/>. NotFound when the site is not registered.</summary>
    Task<SiteCredentialView> RotateAsync(string credentialDigest, TimeSpan grace);

    /// <summary>Every credential and unused enrolment token of the site is refused from now on, and the agent's open stream is ended with <paramref name="reason"/>.</summary>
    Task<SiteCredentialView> RevokeAsync(string reason);

    /// <summary>Whether the credential with this digest acts for the site now.</summary>
    [ReadOnly]
    Task<CredentialCheck> CheckAsync(string credentialDigest);

    /// <summary>The site's credentials and tokens (ids and times only). NotFound when the site is not registered.</summary>
    [ReadOnly]
    Task<SiteCredentialView> GetAsync();
}
