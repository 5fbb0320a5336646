using Grpc.Core;
using Microfactory.Contracts.Agent.V1;

namespace Microfactory.Orchestrator.Tests.Support;

/// <summary>Reading a raw Connect call as a hand-written agent does.</summary>
public static class AgentStream
{
    /// <summary>The next message of <paramref name="kind"/>, skipping others; fails when the stream ends first or nothing comes in time.</summary>
    public static async Task<OrchestratorMessage> NextAsync(this AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call, OrchestratorMessage.BodyOneofCase kind)
    {
        while (await call.ResponseStream.MoveNext(CancellationToken.None).Within($"a {kind} on the stream"))
        {
            if (call.ResponseStream.Current.BodyCase == kind)
            {
                return call.ResponseStream.Current;
            }
        }

        throw new InvalidOperationException($"The stream ended before a {kind}.");
    }
}
