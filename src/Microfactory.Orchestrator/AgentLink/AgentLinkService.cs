using Grpc.Core;
using Microfactory.Contracts.Agent.V1;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>
/// microfactory.agent.v1.AgentLink on Grpc.AspNetCore (agent_link.proto; docs/agent-protocol.md). Credentials are
/// checked by <see cref="SiteCredentialInterceptor"/> before either method runs.
/// </summary>
public sealed class AgentLinkService(AgentConnectHandler connect, DownloadArtifactHandler download) : Contracts.Agent.V1.AgentLink.AgentLinkBase
{
    public override Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<OrchestratorMessage> responseStream, ServerCallContext context) =>
        connect.HandleAsync(requestStream, responseStream, context);

    public override Task DownloadArtifact(ArtifactRequest request, IServerStreamWriter<ArtifactChunk> responseStream, ServerCallContext context) =>
        download.HandleAsync(request, responseStream, context);
}
