using Microfactory.Network.Credentials;

namespace Microfactory.Orchestrator.Api;

/// <summary>How long the new enrolment token works.</summary>
/// <param name="ExpiresIn">From now; Agents:EnrolmentTokenLifetime (15 minutes unless configured) when absent.</param>
public sealed record EnrolmentTokenRequest(TimeSpan? ExpiresIn);

/// <summary>A new one-time enrolment token. <paramref name="Token"/> is shown here only: the orchestrator keeps its digest.</summary>
/// <param name="Token">Give it to the site agent as Agent:EnrolmentToken (environment Agent__EnrolmentToken); it works once.</param>
/// <param name="Id">The token's id in the site's credential view (not secret).</param>
public sealed record EnrolmentTokenIssued(string SiteId, string Token, string Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>How a rotation treats the credentials it replaces.</summary>
/// <param name="Grace">How long they keep working; Agents:RotationGrace (24 hours unless configured) when absent, 0 to refuse them at once.</param>
public sealed record CredentialRotationRequest(TimeSpan? Grace);

/// <summary>
/// The site's new credential. <paramref name="Credential"/> is shown here only: put it on the agent (its
/// site-credential file or Agent:Credential) before the others in <paramref name="Site"/> retire.
/// </summary>
public sealed record RotatedCredential(string SiteId, string Credential, string Id, SiteCredentialView Site);

/// <summary>Why the site's credentials are revoked; the agent's stream is ended with this reason.</summary>
public sealed record CredentialRevocationRequest(string? Reason);
