using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microfactory.Testing;

namespace Microfactory.Orchestrator.Tests.Support;

/// <summary>tests/interop/python/agent_link_peer.py: an agent written with the official Python gRPC library.</summary>
public sealed class PythonAgent : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Generated = new(() =>
        PythonGrpc.GenerateAsync(Path.Combine(RepositoryRoot.Path, "src", "Microfactory.Contracts", "Protos")));

    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly Task _reading;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PythonAgent(Process process)
    {
        _process = process;
        _reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                _events.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
                Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }

            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        });
    }

    public IReadOnlyList<JsonElement> Events => _events.ToList();

    public static async Task<PythonAgent> StartAsync(Uri agentLink, string siteId, string? credential, string mode)
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "interop", "python", "agent_link_peer.py");
        return new PythonAgent(PythonGrpc.Start(script, await Generated.Value, $"{agentLink.Host}:{agentLink.Port}", siteId, credential ?? "-", mode));
    }

    /// <summary>Waits for an event of <paramref name="kind"/> matching <paramref name="match"/>.</summary>
    public Task<JsonElement> WaitForAsync(string kind, Func<JsonElement, bool>? match = null, string? what = null)
    {
        return Poll().Within(what ?? $"the Python agent to report '{kind}'");

        async Task<JsonElement> Poll()
        {
            while (true)
            {
                var changed = Volatile.Read(ref _changed).Task; // taken before looking, so no event slips between
                var found = _events.FirstOrDefault(e => e.GetProperty("event").GetString() == kind && (match is null || match(e)));
                if (found.ValueKind != JsonValueKind.Undefined)
                {
                    return found;
                }

                if (_reading.IsCompleted)
                {
                    throw new InvalidOperationException($"The Python agent exited ({_process.ExitCode}) without '{kind}': {await _process.StandardError.ReadToEndAsync()}");
                }

                await changed;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().Within("the Python agent to exit");
        _process.Dispose();
    }
}
