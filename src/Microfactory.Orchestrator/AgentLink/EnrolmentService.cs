using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microfactory.Contracts.Agent.V1;
using Microfactory.Network;
using Microfactory.Network.Credentials;
using Microsoft.Extensions.Options;
using Orleans;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>
/// microfactory.agent.v1.Enrolment (enrolment.proto): an agent's first start trades its one-time enrolment token for
/// the site's credential. The credential is made here and only its digest reaches the site's credential grain, which
/// takes the token and records the credential in one write. Neither secret is logged; the logs name the credential
/// by its id (the start of its digest).
/// </summary>
public sealed partial class EnrolmentService(IGrainFactory grains, IOptionsMonitor<SiteCredentialOptions> options, ILogger<EnrolmentService> logger)
    : Enrolment.EnrolmentBase
{
    public override async Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        if (!Ids.IsValid(request.SiteId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"site_id must be the site's id ({Ids.Rule})."));
        }

        if (request.EnrolmentToken.Length != SiteSecrets.SecretLength)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"enrolment_token must be the {SiteSecrets.SecretLength}-character token the admin API returned (POST /api/sites/{request.SiteId}/enrolment-tokens)."));
        }

        var credential = SiteSecrets.NewCredential(request.SiteId);
        var credentialDigest = SiteSecrets.Digest(credential);
        var result = await GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteCredentialGrain>(request.SiteId)
            .EnrolAsync(SiteSecrets.Digest(request.EnrolmentToken), credentialDigest, options.CurrentValue.RotationGrace));
        if (result.Outcome != EnrolOutcome.Enrolled)
        {
            LogRefused(request.SiteId, result.Outcome.ToString(), context.Peer);
            throw new RpcException(new Status(StatusCode.PermissionDenied, result.Outcome switch
            {
                EnrolOutcome.AlreadyUsed => $"This enrolment token for site '{request.SiteId}' was already used (at {result.At:O}); an admin creates a new one.",
                EnrolOutcome.Expired => $"This enrolment token for site '{request.SiteId}' expired at {result.At:O}; an admin creates a new one.",
                _ => $"Site '{request.SiteId}' has no such enrolment token (wrong token, wrong site, or revoked); an admin creates one with POST /api/sites/{request.SiteId}/enrolment-tokens.",
            }));
        }

        LogEnrolled(request.SiteId, request.AgentVersion, SiteSecrets.IdOf(credentialDigest), context.Peer);
        return new EnrollResponse { Credential = credential, IssuedAt = Timestamp.FromDateTimeOffset(result.At) };
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Site {SiteId} enrolled (agent {AgentVersion}) from {Peer}: issued credential {CredentialId}")]
    private partial void LogEnrolled(string siteId, string agentVersion, string credentialId, string peer);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Refused enrolment of site {SiteId} from {Peer}: {Outcome}")]
    private partial void LogRefused(string siteId, string outcome, string peer);
}
