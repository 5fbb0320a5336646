using System.Text.Json;
using Microfactory.Testing;

namespace Microfactory.Orchestrator.Tests.Support;

/// <summary>tests/interop/python/agent_link_peer.py: an agent written with the official Python gRPC library.</summary>
public sealed class PythonAgent : IAsyncDisposable
{
    private readonly PythonPeer _peer;

    private PythonAgent(PythonPeer peer) => _peer = peer;

    public IReadOnlyList<JsonElement> Events => _peer.Events;

    public static async Task<PythonAgent> StartAsync(Uri agentLink, string siteId, string? credential, string mode) =>
        new(await PythonPeer.StartAsync("agent_link_peer.py", $"{agentLink.Host}:{agentLink.Port}", siteId, credential ?? "-", mode));

    /// <summary>Waits for an event of <paramref name="kind"/> matching <paramref name="match"/>.</summary>
    public Task<JsonElement> WaitForAsync(string kind, Func<JsonElement, bool>? match = null, string? what = null) =>
        _peer.WaitForAsync(kind, match, what ?? $"the Python agent to report '{kind}'");

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
