using Microfactory.Grpc;

namespace Microfactory.Contracts.Agent.V1;

/// <summary>
/// The methods of microfactory.agent.v1.AgentLink (agent_link.proto) for the project's gRPC transport: one descriptor
/// each, used by the orchestrator to map them and by the site agent to call them.
/// </summary>
public static class AgentLinkMethods
{
    public const string Service = "microfactory.agent.v1.AgentLink";

    public static readonly GrpcMethod<AgentMessage, OrchestratorMessage> Connect =
        new(MethodType.DuplexStreaming, Service, "Connect", AgentMessage.Parser, OrchestratorMessage.Parser);

    public static readonly GrpcMethod<ArtifactRequest, ArtifactChunk> DownloadArtifact =
        new(MethodType.ServerStreaming, Service, "DownloadArtifact", ArtifactRequest.Parser, ArtifactChunk.Parser);
}
