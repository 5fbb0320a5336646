using Microfactory.Contracts.Agent.V1;
using Microfactory.Grpc;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>The methods of microfactory.agent.v1.AgentLink, as both the server and the agent's client name them.</summary>
public static class AgentLinkMethods
{
    public const string Service = "microfactory.agent.v1.AgentLink";

    public static readonly GrpcMethod<AgentMessage, OrchestratorMessage> Connect =
        new(MethodType.DuplexStreaming, Service, "Connect", AgentMessage.Parser, OrchestratorMessage.Parser);

    public static readonly GrpcMethod<ArtifactRequest, ArtifactChunk> DownloadArtifact =
        new(MethodType.ServerStreaming, Service, "DownloadArtifact", ArtifactRequest.Parser, ArtifactChunk.Parser);
}
