using Microfactory.Contracts.Agent.V1;
using Microfactory.Grpc;

namespace Microfactory.SiteAgent.Link;

/// <summary>The orchestrator's AgentLink service as the project's gRPC transport calls it.</summary>
public static class AgentLinkMethods
{
    public const string Service = "microfactory.agent.v1.AgentLink";

    public static readonly GrpcMethod<AgentMessage, OrchestratorMessage> Connect =
        new(MethodType.DuplexStreaming, Service, "Connect", AgentMessage.Parser, OrchestratorMessage.Parser);
}
